import { MicroBatcher } from './micro-batcher';

describe(MicroBatcher.name, () => {
  it('flushes concurrent submissions together and hands each caller its own result', async () => {
    const batches: number[][] = [];
    const sut = new MicroBatcher<number, number>(async (items) => {
      batches.push(items);
      return items.map((n) => n * 10);
    }, { maxSize: 100, maxWaitMs: 5 });
    await expect(Promise.all([1, 2, 3].map((n) => sut.submit(n)))).resolves.toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('flushes as soon as the batch is full', async () => {
    const batches: number[][] = [];
    const sut = new MicroBatcher<number>(async (items) => {
      batches.push(items);
      return items.map(() => undefined);
    }, { maxSize: 2, maxWaitMs: 60_000 });
    await Promise.all([1, 2, 3, 4].map((n) => sut.submit(n)));
    expect(batches).toEqual([[1, 2], [3, 4]]);
  });

  it('rejects every item of a batch whose flush failed', async () => {
    const sut = new MicroBatcher<number>(async () => {
      throw new Error('db down');
    }, { maxSize: 10, maxWaitMs: 1 });
    const results = await Promise.allSettled([sut.submit(1), sut.submit(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('in group-commit mode flushes at once when idle and batches what arrives during a flush', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const firstFlushHeld = new Promise<void>((resolve) => (release = resolve));
    const sut = new MicroBatcher<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await firstFlushHeld;
      return items.map(() => undefined);
    }, { maxSize: 100, maxWaitMs: 0, maxInFlight: 1 });
    const first = sut.submit(1);
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4].map((n) => sut.submit(n));
    expect(batches).toEqual([[1]]);
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });
});
