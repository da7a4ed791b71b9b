import { splitByGrant } from './rate-split';

describe(splitByGrant.name, () => {
  it('sends everything when the window grants every try', () => {
    expect(splitByGrant(['a', 'b'], 2, 0)).toEqual({ send: ['a', 'b'] });
  });

  it('sends the granted tries first and defers the rest until the window frees a slot', () => {
    expect(splitByGrant(['a', 'b', 'c'], 1, 300, 0)).toEqual({ send: ['a'], deferred: { tries: ['b', 'c'], delayMs: 300 } });
  });

  it('defers the whole job when nothing is granted, with a little jitter and never a zero delay', () => {
    const sut = splitByGrant(['a'], 0, 0, 0.999);
    expect(sut.send).toEqual([]);
    expect(sut.deferred!.tries).toEqual(['a']);
    expect(sut.deferred!.delayMs).toBeGreaterThanOrEqual(1);
    expect(sut.deferred!.delayMs).toBeLessThan(1 + 25);
  });
});
