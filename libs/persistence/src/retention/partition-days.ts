/**
 * Day partitions of the event log tables, all in UTC. Pure date math, no database: which partitions must
 * exist around `now` and which are wholly older than the retention period.
 */

/** The tables partitioned by day, in the order their old partitions are dropped (referrers first). */
export const PARTITIONED_TABLES = ['delivery_attempts', 'deliveries', 'events'] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

const DAY_MS = 86_400_000;
const NAME = /^(events|deliveries|delivery_attempts)_p(\d{4})(\d{2})(\d{2})$/;

/** Midnight UTC of the day `at` falls in. */
export function dayOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS);
}

/** `events_p20261201`: the partition holding the rows of that UTC day. */
export function partitionName(table: PartitionedTable, day: Date): string {
  return `${table}_p${dayOf(day).toISOString().slice(0, 10).replace(/-/g, '')}`;
}

/** The day a partition name stands for, or null for any other table (the DEFAULT partition among them). */
export function dayOfPartition(name: string): { table: PartitionedTable; day: Date } | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const table = match[1] as PartitionedTable;
  const day = new Date(Date.UTC(Number(match[2]), Number(match[3]) - 1, Number(match[4])));
  // Date.UTC rolls an impossible date (Feb 30) over: such a name is not one of ours.
  return partitionName(table, day) === name ? { table, day } : null;
}

/** [from, to) of a day partition, as timestamptz literals. */
export function partitionBounds(day: Date): { from: string; to: string } {
  const from = dayOf(day);
  return { from: from.toISOString(), to: addDays(from, 1).toISOString() };
}

/** Today and the `aheadDays` days after it: the partitions that must exist so no insert lands in the DEFAULT one. */
export function daysToCreate(now: Date, aheadDays: number): Date[] {
  const today = dayOf(now);
  return Array.from({ length: aheadDays + 1 }, (_, i) => addDays(today, i));
}

/**
 * The first instant still kept: rows older than `retentionDays` days go, and a day partition goes once all of
 * it is older than that (its end is at or before the cutoff), so nothing younger than the retention is dropped.
 */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * Of these partition names, those wholly older than the retention at `now`: oldest day first, and within a day
 * attempts, deliveries, events (should a run stop half way, no event is gone while its deliveries remain).
 */
export function partitionsToDrop(names: string[], now: Date, retentionDays: number): string[] {
  const cutoff = retentionCutoff(now, retentionDays).getTime();
  return names
    .map((name) => ({ name, parsed: dayOfPartition(name) }))
    .filter((p): p is { name: string; parsed: { table: PartitionedTable; day: Date } } => p.parsed !== null && addDays(p.parsed.day, 1).getTime() <= cutoff)
    .sort((a, b) => a.parsed.day.getTime() - b.parsed.day.getTime() || PARTITIONED_TABLES.indexOf(a.parsed.table) - PARTITIONED_TABLES.indexOf(b.parsed.table))
    .map(({ name }) => name);
}
