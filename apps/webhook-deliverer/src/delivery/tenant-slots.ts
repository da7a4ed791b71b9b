/**
 * Counts the delivery jobs each tenant has running in this process, so a tenant whose receivers never answer
 * (each try holding a slot until DELIVERY_TIMEOUT_MS) cannot take every slot: past `cap`, its further jobs
 * wait, and the other tenants' jobs find slots free.
 */
export class TenantSlots {
  private readonly running = new Map<string, number>();

  constructor(private readonly cap: number) {}

  /** Takes a slot, or returns false when the tenant already holds its cap. */
  tryAcquire(tenantId: string): boolean {
    const held = this.running.get(tenantId) ?? 0;
    if (held >= this.cap) return false;
    this.running.set(tenantId, held + 1);
    return true;
  }

  release(tenantId: string): void {
    const held = this.running.get(tenantId) ?? 0;
    if (held <= 1) this.running.delete(tenantId);
    else this.running.set(tenantId, held - 1);
  }

  held(tenantId: string): number {
    return this.running.get(tenantId) ?? 0;
  }
}
