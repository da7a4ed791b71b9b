import { addDays, dayOf, dayOfPartition, daysToCreate, partitionBounds, partitionName, partitionsToDrop, retentionCutoff } from './partition-days';

const at = (iso: string) => new Date(iso);

describe('day partitions', () => {
  it('names a partition after the UTC day, whatever the hour', () => {
    expect(partitionName('events', at('2026-12-01T00:00:00.000Z'))).toBe('events_p20261201');
    expect(partitionName('deliveries', at('2026-12-01T23:59:59.999Z'))).toBe('deliveries_p20261201');
    expect(partitionName('delivery_attempts', at('2027-01-01T00:00:00.000Z'))).toBe('delivery_attempts_p20270101');
  });

  it('reads the table and day back from a name, and nothing from other names', () => {
    expect(dayOfPartition('deliveries_p20260229')).toBeNull(); // no such day: Date.UTC rolls it, the name would differ
    expect(dayOfPartition('delivery_attempts_p20261231')).toEqual({ table: 'delivery_attempts', day: at('2026-12-31T00:00:00.000Z') });
    expect(dayOfPartition('events_default')).toBeNull();
    expect(dayOfPartition('events_p2026120')).toBeNull();
    expect(dayOfPartition('notifications_p20261201')).toBeNull();
  });

  it('bounds a day as [midnight, next midnight) in UTC', () => {
    expect(partitionBounds(at('2026-12-31T13:00:00Z'))).toEqual({ from: '2026-12-31T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    expect(dayOf(at('2026-03-29T01:30:00+02:00'))).toEqual(at('2026-03-28T00:00:00Z'));
  });

  it('creates today and the days ahead', () => {
    expect(daysToCreate(at('2026-12-30T22:00:00Z'), 3).map((d) => partitionName('events', d)))
      .toEqual(['events_p20261230', 'events_p20261231', 'events_p20270101', 'events_p20270102']);
  });

  it('drops a day only once all of it is older than the retention', () => {
    const now = at('2026-12-31T12:00:00Z');
    expect(retentionCutoff(now, 30)).toEqual(at('2026-12-01T12:00:00Z'));
    const names = ['events_p20261202', 'events_p20261130', 'events_p20261201', 'deliveries_p20261130', 'events_default', 'events_p20261231'];
    // 2026-12-01 ends at 12-02T00:00, after the cutoff: some of it is younger than 30 days, it stays.
    expect(partitionsToDrop(names, now, 30)).toEqual(['deliveries_p20261130', 'events_p20261130']);
    expect(partitionsToDrop(names, addDays(now, 0.5), 30)).toEqual(['deliveries_p20261130', 'events_p20261130', 'events_p20261201']);
    expect(partitionsToDrop(['events_p20261101', 'delivery_attempts_p20261101', 'deliveries_p20261029'], now, 30))
      .toEqual(['deliveries_p20261029', 'delivery_attempts_p20261101', 'events_p20261101']);
  });
});
