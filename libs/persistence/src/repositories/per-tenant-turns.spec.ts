import { PerTenantTurns } from './per-tenant-turns';

describe(PerTenantTurns.name, () => {
  it("runs one task per tenant at a time, in order, while other tenants' tasks run alongside, and forgets idle tenants", async () => {
    const sut = new PerTenantTurns();
    const log: string[] = [];
    const release: Record<string, () => void> = {};
    const task = (name: string) => () => {
      log.push(`start ${name}`);
      return new Promise<string>((resolve) => (release[name] = () => (log.push(`end ${name}`), resolve(name))));
    };

    const a1 = sut.run('a', task('a1'));
    const a2 = sut.run('a', task('a2'));
    const b1 = sut.run('b', task('b1'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start a1', 'start b1']);
    release.a1();
    await expect(a1).resolves.toBe('a1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start a1', 'start b1', 'end a1', 'start a2']);
    release.a2();
    release.b1();
    await expect(Promise.all([a2, b1])).resolves.toEqual(['a2', 'b1']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sut.size).toBe(0);
  });

  it("passes a failed task's error to its caller and still runs the next one", async () => {
    const sut = new PerTenantTurns();
    const failed = sut.run('a', async () => Promise.reject(new Error('boom')));
    const next = sut.run('a', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
