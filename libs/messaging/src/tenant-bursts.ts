/**
 * Counts, per tenant, the delivery tries this process queued in the current second. A tenant past `perSecond`
 * is bulk for the rest of that second: its jobs get BULK_PRIORITY (see hold-back.ts), so they wait until the wait
 * list holds no other tenant's job. Without it one queue serves every tenant in order, and a tenant publishing
 * 1,000-event batches at its limit put every other tenant's delivery behind seconds of its backlog.
 */
export class TenantBursts {
  private second = 0;
  private readonly counts = new Map<string, number>();

  constructor(private readonly perSecond: number) {}

  /** Counts `items` more of the tenant's; true once it queued more than `perSecond` in this second. */
  isBulk(tenantId: string, items: number, now = Date.now()): boolean {
    const second = Math.floor(now / 1000);
    if (second !== this.second) {
      this.second = second;
      this.counts.clear();
    }
    const count = (this.counts.get(tenantId) ?? 0) + items;
    this.counts.set(tenantId, count);
    return count > this.perSecond;
  }
}
