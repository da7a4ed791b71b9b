import { OriginGate } from './origin-gate';

describe(OriginGate.name, () => {
  it('lets `limit` requests per origin in at once and the next one in as soon as one leaves', async () => {
    const sut = new OriginGate(2);
    const first = await sut.enter('http://a', 1000);
    await sut.enter('http://a', 1000);
    expect(await sut.enter('http://b', 1000)).toBeDefined();
    const third = sut.enter('http://a', 60_000);
    expect(sut.inFlight('http://a')).toBe(2);
    first!();
    expect(await third).toBeDefined();
    expect(sut.inFlight('http://a')).toBe(2);
  });

  it('gives up on a wait that outlasts maxWaitMs, leaving the queue clean', async () => {
    const sut = new OriginGate(1);
    const held = await sut.enter('http://a', 1000);
    expect(await sut.enter('http://a', 10)).toBeUndefined();
    held!();
    expect(sut.inFlight('http://a')).toBe(0);
    expect(await sut.enter('http://a', 10)).toBeDefined();
  });
});

describe(`${OriginGate.name} with a total cap`, () => {
  it('holds all origins together to the total, handing a freed slot to another origin waiting', async () => {
    const sut = new OriginGate(10, 2);
    const a = await sut.enter('http://a', 1000);
    await sut.enter('http://b', 1000);
    const c = sut.enter('http://c', 60_000);
    expect(sut.inFlight()).toBe(2);
    a!();
    expect(await c).toBeDefined();
    expect([sut.inFlight(), sut.inFlight('http://a'), sut.inFlight('http://c')]).toEqual([2, 0, 1]);
  });
});
