import { type Filter, compileFilter } from './filter';
import type { PayloadPredicate } from './path';

export interface MatchableSubscription {
  id: string;
  eventTypes: string[];
  channels: string[];
  filter: Filter;
}

export interface MatchableEvent {
  type: string;
  channels: string[];
  payload: unknown;
}

interface Entry {
  readonly id: string;
  /** null = every event type. */
  readonly eventTypes: ReadonlySet<string> | null;
  readonly channels: ReadonlySet<string>;
  readonly matches: PayloadPredicate;
}

/** Subscriptions of one event type (or of the wildcard), indexed by channel. */
class TypeBucket {
  private readonly all = new Set<Entry>();
  private readonly channelless = new Set<Entry>();
  private readonly byChannel = new Map<string, Set<Entry>>();

  get isEmpty(): boolean {
    return this.all.size === 0;
  }

  add(entry: Entry): void {
    this.all.add(entry);
    if (entry.channels.size === 0) this.channelless.add(entry);
    for (const channel of entry.channels) {
      const entries = this.byChannel.get(channel) ?? new Set<Entry>();
      this.byChannel.set(channel, entries.add(entry));
    }
  }

  delete(entry: Entry): void {
    this.all.delete(entry);
    this.channelless.delete(entry);
    for (const channel of entry.channels) {
      const entries = this.byChannel.get(channel);
      entries?.delete(entry);
      if (entries?.size === 0) this.byChannel.delete(channel);
    }
  }

  /** Visits entries that pass the channel test; an entry may be visited more than once. */
  forEachCandidate(channels: readonly string[], visit: (entry: Entry) => void): void {
    if (channels.length === 0) return this.all.forEach(visit);
    this.channelless.forEach(visit);
    for (const channel of channels) this.byChannel.get(channel)?.forEach(visit);
  }
}

export class SubscriptionIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly byType = new Map<string, TypeBucket>();
  private readonly anyType = new TypeBucket();

  constructor(subscriptions: Iterable<MatchableSubscription> = []) {
    for (const subscription of subscriptions) this.upsert(subscription);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds or replaces by id. Throws InvalidFilterError, leaving the index unchanged, if the filter is invalid. */
  upsert(subscription: MatchableSubscription): void {
    const entry = toEntry(subscription);
    this.remove(entry.id);
    this.entries.set(entry.id, entry);
    if (entry.eventTypes === null) return this.anyType.add(entry);
    for (const type of entry.eventTypes) this.bucketFor(type).add(entry);
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    if (entry.eventTypes === null) return this.anyType.delete(entry);
    for (const type of entry.eventTypes) this.deleteFromType(type, entry);
  }

  /** Ids of matching subscriptions, each at most once, in no particular order. */
  match(event: MatchableEvent): string[] {
    const seen = new Set<Entry>();
    const ids: string[] = [];
    const visit = (entry: Entry): void => {
      if (seen.has(entry)) return;
      seen.add(entry);
      if (entry.matches(event.payload)) ids.push(entry.id);
    };
    this.byType.get(event.type)?.forEachCandidate(event.channels, visit);
    this.anyType.forEachCandidate(event.channels, visit);
    return ids;
  }

  private bucketFor(type: string): TypeBucket {
    let bucket = this.byType.get(type);
    if (!bucket) this.byType.set(type, (bucket = new TypeBucket()));
    return bucket;
  }

  private deleteFromType(type: string, entry: Entry): void {
    const bucket = this.byType.get(type);
    bucket?.delete(entry);
    if (bucket?.isEmpty) this.byType.delete(type);
  }
}

function toEntry({ id, eventTypes, channels, filter }: MatchableSubscription): Entry {
  const wildcard = eventTypes.length === 0 || eventTypes.includes('*');
  return {
    id,
    eventTypes: wildcard ? null : new Set(eventTypes),
    channels: new Set(channels),
    matches: compileFilter(filter),
  };
}
