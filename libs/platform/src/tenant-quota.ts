/**
 * Counts something each tenant holds in this process (waiting long polls, open sockets) against a cap, so one
 * tenant cannot take a whole gateway's memory or file descriptors. Every successful take needs one release.
 */
export class TenantQuota {
  private readonly held = new Map<string, number>();

  constructor(readonly max: number) {}

  tryTake(tenantId: string): boolean {
    const held = this.held.get(tenantId) ?? 0;
    if (held >= this.max) return false;
    this.held.set(tenantId, held + 1);
    return true;
  }

  release(tenantId: string): void {
    const held = (this.held.get(tenantId) ?? 0) - 1;
    if (held > 0) this.held.set(tenantId, held);
    else this.held.delete(tenantId);
  }

  heldBy(tenantId: string): number {
    return this.held.get(tenantId) ?? 0;
  }
}
