import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { isReservedEventType } from '@app/contracts';
import { StepBudget, StepBudgetExceeded } from './budget';
import { type CompiledFilter, type Filter, compileFilter } from './filter';

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
  readonly matches: CompiledFilter;
}

export interface MatchResult {
  /** Ids of matching subscriptions, each once, in no particular order. */
  ids: string[];
  /** Subscriptions whose filter ran out of its step budget on this payload; they count as not matching. */
  overBudget: string[];
}

/** How long matching one event may hold the event loop before it yields (well under the 100 ms promise). */
export const MATCH_SLICE_MS = 10;

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

  /** Ids of matching subscriptions, each at most once, in no particular order, in one go. */
  match(event: MatchableEvent): string[] {
    const result: MatchResult = { ids: [], overBudget: [] };
    for (const entry of this.candidates(event)) evaluate(entry, event.payload, result);
    return result.ids;
  }

  /**
   * The same, yielding to the event loop whenever a slice of `sliceMs` is used up, so one costly event
   * (many subscriptions, big filters, long payload arrays) never blocks other work for long and is never
   * dropped. The candidates are fixed first, so index changes while it yields do not disturb the walk.
   */
  async matchInSlices(event: MatchableEvent, { sliceMs = MATCH_SLICE_MS, clock = Date.now } = {}): Promise<MatchResult> {
    const result: MatchResult = { ids: [], overBudget: [] };
    let sliceEnds = clock() + sliceMs;
    for (const entry of this.candidates(event)) {
      if (clock() >= sliceEnds) {
        await yieldToEventLoop();
        sliceEnds = clock() + sliceMs;
      }
      evaluate(entry, event.payload, result);
    }
    return result;
  }

  /**
   * Entries passing the type and channel tests, each once. The platform's own `notify.*` events go only to
   * subscriptions that name their type: a catch-all subscription made before they existed is not sent them
   * unasked, and a failing catch-all is not fed events about its own failures.
   */
  private candidates(event: MatchableEvent): Entry[] {
    const seen = new Set<Entry>();
    const visit = (entry: Entry): void => void seen.add(entry);
    this.byType.get(event.type)?.forEachCandidate(event.channels, visit);
    if (!isReservedEventType(event.type)) this.anyType.forEachCandidate(event.channels, visit);
    return [...seen];
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

function evaluate(entry: Entry, payload: unknown, result: MatchResult): void {
  try {
    if (entry.matches(payload, new StepBudget())) result.ids.push(entry.id);
  } catch (error) {
    if (!(error instanceof StepBudgetExceeded)) throw error;
    result.overBudget.push(entry.id);
  }
}
