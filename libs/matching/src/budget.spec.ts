import { FILTER_STEP_BUDGET, StepBudget, StepBudgetExceeded } from './budget';
import { compileFilter } from './filter';
import { SubscriptionIndex } from './subscription-index';

/** What the issue described: a $in of small objects against a payload holding a 40,000-element array. */
const smallObjects = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ({ id: from + i }));
const hostileFilter = { items: { $in: smallObjects(300, 1_000_000) } };
const longPayload = { items: smallObjects(40_000) };

/**
 * CPU milliseconds this process spent since `since`. The bounds are about how long matching computes without
 * yielding; wall time would also count the moments a loaded machine leaves the test process descheduled.
 */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

/**
 * The least CPU time of three runs: process.cpuUsage counts every thread of the process (GC helpers included),
 * so on a busy machine one run can be charged for work that is not the evaluation's.
 */
function timed<T>(run: () => T): { result: T; ms: number } {
  let best: { result: T; ms: number } | undefined;
  for (let i = 0; i < 3; i++) {
    const startedAt = process.cpuUsage();
    const result = run();
    const ms = cpuMsSince(startedAt);
    if (!best || ms < best.ms) best = { result, ms };
  }
  return best!;
}

describe(StepBudget.name, () => {
  it('throws once more steps are spent than it holds', () => {
    const sut = new StepBudget(3);
    sut.spend(2);
    sut.spend();

    expect(() => sut.spend()).toThrow(StepBudgetExceeded);
  });
});

describe('filter evaluation on hostile payloads', () => {
  it('scans a 40,000-element payload array against a 300-object $in well within 100 ms', () => {
    const matches = compileFilter(hostileFilter);
    const hit = { items: [...longPayload.items.slice(1), { id: 1_000_042 }] };

    const miss = timed(() => matches(longPayload));
    const found = timed(() => matches(hit));

    expect([miss.result, found.result]).toEqual([false, true]);
    expect(Math.max(miss.ms, found.ms)).toBeLessThan(100);
  });

  it('abandons an evaluation that needs more than the step budget, within 100 ms', () => {
    const nested = { a: Array.from({ length: 1000 }, () => ({ b: Array.from({ length: 1000 }, (_, i) => i) })) };
    const matches = compileFilter({ 'a.b': { $in: [-1, -2] }, 'a.c': 1 });

    const { ms } = timed(() => expect(() => matches(nested)).toThrow(StepBudgetExceeded));

    expect(ms).toBeLessThan(100);
  });

  it('gives each evaluation a fresh budget of FILTER_STEP_BUDGET steps unless handed one', () => {
    const matches = compileFilter({ n: { $in: [1] } });
    const payload = { n: Array.from({ length: FILTER_STEP_BUDGET / 2 }, () => 0) };

    expect(matches(payload)).toBe(false);
    expect(() => matches(payload, new StepBudget(1000))).toThrow(StepBudgetExceeded);
  });
});

describe(SubscriptionIndex.name, () => {
  const hostile = Array.from({ length: 40 }, (_, i) => ({ id: `hostile-${i}`, eventTypes: ['*'], channels: [], filter: hostileFilter }));

  it('yields to the event loop whenever a slice is used up, and still matches every subscription', async () => {
    const sut = new SubscriptionIndex([...hostile, { id: 'plain', eventTypes: ['*'], channels: [], filter: {} }]);
    // A clock that moves 4 ms per reading: with 10 ms slices the matcher must yield every few subscriptions.
    let now = 0;
    const clock = () => (now += 4);
    let turns = 0;
    let counting = true;
    const countTurns = () => counting && (turns++, setImmediate(countTurns));
    setImmediate(countTurns);

    const result = await sut.matchInSlices({ type: 't', channels: [], payload: longPayload }, { sliceMs: 10, clock }).finally(() => (counting = false));

    expect(result).toEqual({ ids: ['plain'], overBudget: [] });
    expect(turns).toBeGreaterThanOrEqual(Math.floor(hostile.length / 3));
  });

  it('reports subscriptions whose filter ran out of budget as over budget, not matching', async () => {
    const sut = new SubscriptionIndex([
      { id: 'costly', eventTypes: ['*'], channels: [], filter: { 'a.b': { $nin: [-1] } } },
      { id: 'cheap', eventTypes: ['*'], channels: [], filter: { x: 1 } },
    ]);
    const payload = { x: 1, a: Array.from({ length: 1000 }, () => ({ b: Array.from({ length: 1000 }, (_, i) => i) })) };

    await expect(sut.matchInSlices({ type: 't', channels: [], payload })).resolves.toEqual({ ids: ['cheap'], overBudget: ['costly'] });
    expect(sut.match({ type: 't', channels: [], payload })).toEqual(['cheap']);
  });
});
