import { Injectable, Logger } from '@nestjs/common';
import { SubscriptionChangedMessage } from '@app/contracts';
import { SubscriptionIndex } from '@app/matching';
import { SubscriptionEntity, SubscriptionRepository, Transport } from '@app/persistence';

/** A safety net for a missed invalidation (Redis pub/sub is fire-and-forget): indexes are rebuilt this often. */
const FULL_RELOAD_MS = 60_000;

export interface TenantIndex {
  index: SubscriptionIndex;
  transports: Map<string, Transport>;
  /** Webhook subscriptions with `ordering: fifo`: their deliveries wait in line instead of being queued at once. */
  fifo: Set<string>;
}

interface Entry {
  /** Every change is chained on this promise, so matching always sees the changes announced before it. */
  ready: Promise<TenantIndex>;
  loadedAt: number;
}

/**
 * One compiled SubscriptionIndex per tenant, built on first use and patched subscription by subscription when
 * the API announces a change, so matching never scans a tenant's subscriptions in SQL.
 */
@Injectable()
export class TenantIndexCache {
  private readonly logger = new Logger(TenantIndexCache.name);
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly subscriptions: SubscriptionRepository) {}

  get(tenantId: string): Promise<TenantIndex> {
    const entry = this.entries.get(tenantId);
    if (entry && Date.now() - entry.loadedAt < FULL_RELOAD_MS) return entry.ready;
    const ready = this.load(tenantId);
    this.entries.set(tenantId, { ready, loadedAt: Date.now() });
    ready.catch(() => this.entries.delete(tenantId));
    return ready;
  }

  private async load(tenantId: string): Promise<TenantIndex> {
    const subscriptions = await this.subscriptions.listActive(tenantId);
    const built: TenantIndex = { index: new SubscriptionIndex(), transports: new Map(), fifo: new Set() };
    subscriptions.forEach((s) => this.apply(built, s.id, s));
    return built;
  }

  /** The API announced a change: patch that subscription into its tenant's index, if the index is loaded. */
  changed({ tenantId, subscriptionId }: SubscriptionChangedMessage): void {
    const entry = this.entries.get(tenantId);
    if (!entry) return;
    entry.ready = entry.ready.then(async (built) => {
      this.apply(built, subscriptionId, await this.subscriptions.findForDelivery(subscriptionId));
      return built;
    });
    entry.ready.catch((error: Error) => {
      this.logger.warn(`reloading subscription ${subscriptionId} failed, rebuilding tenant index: ${error.message}`);
      this.entries.delete(tenantId);
    });
  }

  private apply(built: TenantIndex, id: string, subscription: SubscriptionEntity | null): void {
    const live = subscription && !subscription.deletedAt && subscription.isActive && subscription.status === 'active';
    if (!live) {
      built.index.remove(id);
      built.transports.delete(id);
      built.fifo.delete(id);
      return;
    }
    try {
      built.index.upsert(subscription);
      built.transports.set(id, subscription.transport);
      if (subscription.transport === 'webhook' && subscription.ordering === 'fifo') built.fifo.add(id);
      else built.fifo.delete(id);
    } catch (error) {
      this.logger.error(`subscription ${id} has an invalid filter and is skipped: ${(error as Error).message}`);
    }
  }
}
