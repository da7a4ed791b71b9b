import { Injectable, Logger } from '@nestjs/common';
import { SubscriptionChangedMessage } from '@app/contracts';
import { SubscriptionIndex } from '@app/matching';
import { SubscriptionEntity, SubscriptionRepository, Transport } from '@app/persistence';

/**
 * A safety net for a missed invalidation (Redis pub/sub is fire-and-forget): this often, an index re-reads the
 * subscriptions changed since its last read (with some slack for transactions that committed late), not all.
 */
const REFRESH_MS = 60_000;
const REFRESH_SLACK_MS = 60_000;
/** Tenants whose index stays in memory; the least recently used one goes first. */
const MAX_TENANTS = 10_000;

export interface TenantIndex {
  index: SubscriptionIndex;
  transports: Map<string, Transport>;
  /** Webhook subscriptions with `ordering: fifo`: their deliveries wait in line instead of being queued at once. */
  fifo: Set<string>;
}

interface Entry {
  /** Every change is chained on this promise, so matching always sees the changes announced before it. */
  ready: Promise<TenantIndex>;
  /** When the last read from Postgres (whole or incremental) started. */
  readAt: number;
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
    if (!entry) return this.track(tenantId, { ready: this.load(tenantId), readAt: Date.now() }).ready;
    // Most recently used last, so the first key is the one to evict.
    this.entries.delete(tenantId);
    this.entries.set(tenantId, entry);
    if (Date.now() - entry.readAt >= REFRESH_MS) this.refresh(tenantId, entry);
    return entry.ready;
  }

  get size(): number {
    return this.entries.size;
  }

  private track(tenantId: string, entry: Entry): Entry {
    while (this.entries.size >= MAX_TENANTS) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tenantId, entry);
    entry.ready.catch(() => this.entries.get(tenantId) === entry && this.entries.delete(tenantId));
    return entry;
  }

  private async load(tenantId: string): Promise<TenantIndex> {
    const subscriptions = await this.subscriptions.listActive(tenantId);
    const built: TenantIndex = { index: new SubscriptionIndex(), transports: new Map(), fifo: new Set() };
    subscriptions.forEach((s) => this.apply(built, s.id, s));
    return built;
  }

  /** Patches in what changed since the last read; the whole index is rebuilt only if that fails. */
  private refresh(tenantId: string, entry: Entry): void {
    const since = new Date(entry.readAt - REFRESH_SLACK_MS);
    entry.readAt = Date.now();
    entry.ready = entry.ready.then(async (built) => {
      for (const changed of await this.subscriptions.listChangedSince(tenantId, since)) this.apply(built, changed.id, changed);
      return built;
    });
    entry.ready.catch((error: Error) => {
      this.logger.warn(`refreshing the index of tenant ${tenantId} failed, it is rebuilt on next use: ${error.message}`);
      if (this.entries.get(tenantId) === entry) this.entries.delete(tenantId);
    });
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
