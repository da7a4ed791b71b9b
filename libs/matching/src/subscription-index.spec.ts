import { InvalidFilterError } from './filter';
import { MatchableEvent, MatchableSubscription, SubscriptionIndex } from './subscription-index';

function subscription(id: string, overrides: Partial<MatchableSubscription> = {}): MatchableSubscription {
  return { id, eventTypes: ['order.created'], channels: [], filter: {}, ...overrides };
}

function event(overrides: Partial<MatchableEvent> = {}): MatchableEvent {
  return { type: 'order.created', channels: [], payload: {}, ...overrides };
}

function sorted(ids: string[]): string[] {
  return [...ids].sort();
}

describe(SubscriptionIndex.name, () => {
  let sut: SubscriptionIndex;

  beforeEach(() => {
    sut = new SubscriptionIndex();
  });

  describe('event types', () => {
    it('matches subscriptions listing the event type, and only those', () => {
      sut.upsert(subscription('created', { eventTypes: ['order.created'] }));
      sut.upsert(subscription('both', { eventTypes: ['order.shipped', 'order.created'] }));
      sut.upsert(subscription('shipped', { eventTypes: ['order.shipped'] }));

      expect(sorted(sut.match(event({ type: 'order.created' })))).toEqual(['both', 'created']);
    });

    it.each<[string, string[]]>([
      ['"*"', ['*']],
      ['"*" next to other types', ['order.shipped', '*']],
      ['no event types', []],
    ])('treats %s as every type', (_, eventTypes) => {
      sut.upsert(subscription('any', { eventTypes }));

      expect(sut.match(event({ type: 'user.deleted' }))).toEqual(['any']);
      expect(sut.match(event({ type: 'order.shipped' }))).toEqual(['any']);
    });

    it('sends notify.* events only to subscriptions naming their type, not to catch-all ones', () => {
      sut.upsert(subscription('any', { eventTypes: [] }));
      sut.upsert(subscription('star', { eventTypes: ['*'] }));
      sut.upsert(subscription('named', { eventTypes: ['notify.delivery.failed'] }));

      expect(sut.match(event({ type: 'notify.delivery.failed' }))).toEqual(['named']);
      expect(sorted(sut.match(event({ type: 'order.created' })))).toEqual(['any', 'star']);
    });

    it('returns nothing for a type nobody subscribed to', () => {
      sut.upsert(subscription('created'));

      expect(sut.match(event({ type: 'user.deleted' }))).toEqual([]);
    });
  });

  describe('channels', () => {
    it.each<[string, string[], string[], boolean]>([
      ['both sides empty', [], [], true],
      ['subscription without channels', [], ['eu'], true],
      ['event without channels', ['eu'], [], true],
      ['one shared channel', ['eu', 'us'], ['apac', 'us'], true],
      ['no shared channel', ['eu'], ['us', 'apac'], false],
    ])('%s: match is %s', (_, subscriptionChannels, eventChannels, expected) => {
      sut.upsert(subscription('s', { channels: subscriptionChannels }));

      expect(sut.match(event({ channels: eventChannels }))).toEqual(expected ? ['s'] : []);
    });

    it('applies the channel test to wildcard subscriptions too', () => {
      sut.upsert(subscription('eu', { eventTypes: ['*'], channels: ['eu'] }));
      sut.upsert(subscription('us', { eventTypes: [], channels: ['us'] }));

      expect(sut.match(event({ channels: ['us'] }))).toEqual(['us']);
    });
  });

  describe('filters', () => {
    it('returns only subscriptions whose filter matches the payload', () => {
      sut.upsert(subscription('big', { filter: { total: { $gte: 100 } } }));
      sut.upsert(subscription('small', { filter: { total: { $lt: 100 } } }));
      sut.upsert(subscription('all'));

      expect(sorted(sut.match(event({ payload: { total: 150 } })))).toEqual(['all', 'big']);
    });

    it('rejects an invalid filter and leaves the existing subscription in place', () => {
      sut.upsert(subscription('s', { filter: { a: 1 } }));

      expect(() => sut.upsert(subscription('s', { filter: { a: { $where: 'x' } } }))).toThrow(InvalidFilterError);
      expect(sut.match(event({ payload: { a: 1 } }))).toEqual(['s']);
      expect(sut.size).toBe(1);
    });
  });

  describe('upsert and remove', () => {
    it('takes initial subscriptions from any iterable', () => {
      function* subscriptions(): Generator<MatchableSubscription> {
        yield subscription('a');
        yield subscription('b');
      }
      sut = new SubscriptionIndex(subscriptions());

      expect(sut.size).toBe(2);
      expect(sorted(sut.match(event()))).toEqual(['a', 'b']);
    });

    it('replaces a subscription with the same id', () => {
      sut.upsert(subscription('s', { eventTypes: ['order.created'], channels: ['eu'], filter: { a: 1 } }));
      sut.upsert(subscription('s', { eventTypes: ['order.shipped'], channels: ['us'], filter: { a: 2 } }));

      expect(sut.size).toBe(1);
      expect(sut.match(event({ type: 'order.created', channels: ['eu'], payload: { a: 1 } }))).toEqual([]);
      expect(sut.match(event({ type: 'order.shipped', channels: ['us'], payload: { a: 2 } }))).toEqual(['s']);
    });

    it('replaces a wildcard subscription with a typed one', () => {
      sut.upsert(subscription('s', { eventTypes: ['*'] }));
      sut.upsert(subscription('s', { eventTypes: ['order.created'] }));

      expect(sut.match(event({ type: 'user.deleted' }))).toEqual([]);
      expect(sut.match(event({ type: 'order.created' }))).toEqual(['s']);
    });

    it('removes by id', () => {
      sut.upsert(subscription('keep', { channels: ['eu'] }));
      sut.upsert(subscription('drop', { channels: ['eu'] }));

      sut.remove('drop');

      expect(sut.size).toBe(1);
      expect(sut.match(event({ channels: ['eu'] }))).toEqual(['keep']);
    });

    it('ignores removal of an unknown id', () => {
      sut.upsert(subscription('s'));

      sut.remove('unknown');

      expect(sut.size).toBe(1);
    });

    it('can add a subscription again after removing it', () => {
      sut.upsert(subscription('s', { eventTypes: ['*'], channels: ['eu'] }));
      sut.remove('s');
      sut.upsert(subscription('s', { eventTypes: ['*'], channels: ['eu'] }));

      expect(sut.match(event({ channels: ['eu'] }))).toEqual(['s']);
    });

    it('is not affected by later changes to the subscription object', () => {
      const s = subscription('s', { eventTypes: ['order.created'], channels: ['eu'] });
      sut.upsert(s);
      s.eventTypes.push('order.shipped');
      s.channels.push('us');

      expect(sut.match(event({ type: 'order.shipped' }))).toEqual([]);
      expect(sut.match(event({ channels: ['us'] }))).toEqual([]);
    });
  });

  describe('deduplication', () => {
    it('returns a subscription once when several of its channels match', () => {
      sut.upsert(subscription('s', { channels: ['eu', 'us'] }));

      expect(sut.match(event({ channels: ['us', 'eu', 'us'] }))).toEqual(['s']);
    });

    it('returns a subscription once when its event types repeat', () => {
      sut.upsert(subscription('s', { eventTypes: ['order.created', 'order.created'] }));

      expect(sut.match(event())).toEqual(['s']);
    });

    it('evaluates each filter at most once per event', () => {
      let reads = 0;
      const payload = Object.defineProperty({}, 'n', { enumerable: true, get: () => ++reads });
      sut.upsert(subscription('s', { channels: ['eu', 'us'], filter: { n: { $gt: 0 } } }));

      sut.match(event({ channels: ['eu', 'us'], payload }));

      expect(reads).toBe(1);
    });
  });

  describe('with 100k subscriptions across 1000 event types', () => {
    const TYPES = 1000;
    const subscriptions = Array.from({ length: 100_000 }, (_, i) => largeSubscription(i));
    let index: SubscriptionIndex;

    beforeAll(() => {
      index = new SubscriptionIndex(subscriptions);
    });

    it('holds every subscription', () => {
      expect(index.size).toBe(100_000);
    });

    it.each<[string, Omit<MatchableEvent, 'payload'>]>([
      ['one channel', { type: 'type.5', channels: ['ch.1'] }],
      ['several channels', { type: 'type.999', channels: ['ch.2', 'ch.4'] }],
      ['no channels', { type: 'type.42', channels: [] }],
      ['an unknown channel', { type: 'type.7', channels: ['ch.none'] }],
      ['an unknown type', { type: 'type.unknown', channels: ['ch.3'] }],
    ])('returns exactly the matching ids for an event with %s', (_, shape) => {
      for (const n of [0, 3]) {
        const expected = subscriptions.filter((s) => isExpectedMatch(s, { ...shape, payload: { n } }));

        const ids = index.match({ ...shape, payload: { n } });

        expect(sorted(ids)).toEqual(sorted(expected.map((s) => s.id)));
        expect(expected.length).toBeGreaterThan(0);
      }
    });

    it('evaluates filters only of candidates passing the type and channel tests', () => {
      const shape = { type: 'type.5', channels: ['ch.1'] };
      let reads = 0;
      const payload = Object.defineProperty({}, 'n', { enumerable: true, get: () => (reads++, 3) });
      const candidates = subscriptions.filter((s) => passesTypeAndChannels(s, shape));

      index.match({ ...shape, payload });

      expect(reads).toBe(candidates.length);
      expect(candidates.length).toBeLessThan(1000);
    });

    function largeSubscription(i: number): MatchableSubscription {
      const eventTypes = i % 500 === 0 ? [] : i % 500 === 1 ? ['*'] : [`type.${i % TYPES}`, `type.${(i + 7) % TYPES}`];
      const channels = i % 3 === 0 ? [] : [`ch.${i % 5}`, `ch.${(i + 1) % 5}`];
      const filter = i % 4 === 0 ? { n: { $gte: 0 } } : { n: i % 7 };
      return { id: `sub-${i}`, eventTypes, channels, filter };
    }

    /** The matching rule written out plainly, independent of the index. */
    function isExpectedMatch(s: MatchableSubscription, e: MatchableEvent): boolean {
      const { n } = e.payload as { n: number };
      const filterHolds = typeof s.filter.n === 'object' ? n >= 0 : s.filter.n === n;
      return passesTypeAndChannels(s, e) && filterHolds;
    }

    function passesTypeAndChannels(s: MatchableSubscription, e: Omit<MatchableEvent, 'payload'>): boolean {
      const typeOk = s.eventTypes.length === 0 || s.eventTypes.includes('*') || s.eventTypes.includes(e.type);
      const channelsOk =
        s.channels.length === 0 || e.channels.length === 0 || s.channels.some((c) => e.channels.includes(c));
      return typeOk && channelsOk;
    }
  });
});
