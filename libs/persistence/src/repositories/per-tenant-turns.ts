/**
 * Runs one task per key at a time in this process; the others wait in memory. Count-and-insert under a per-tenant
 * advisory lock holds a pooled connection while it waits for the lock, so a tenant creating subscriptions 20 at a
 * time would hold the whole pool waiting on itself, and every other tenant's requests would time out waiting for
 * a connection. Taking turns here first, a tenant waits on the lock with one connection per process at most.
 */
export class PerTenantTurns {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // The last task of a key clears its entry, so idle tenants hold no memory.
    void tail.then(() => this.tails.get(key) === tail && this.tails.delete(key));
    return result;
  }

  get size(): number {
    return this.tails.size;
  }
}
