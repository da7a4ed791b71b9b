import { Injectable } from '@nestjs/common';
import { DeliveryTarget, SubscriptionRepository } from '@app/persistence';
import { BoundedTtlCache } from '@app/platform';

const TTL_MS = 60_000;
/** Subscriptions kept; past this the least recently loaded one goes, so many tenants cost bounded memory. */
const MAX_ENTRIES = 10_000;

/** Subscriptions by id for the deliverer (only what sending needs), so a burst of deliveries to one endpoint reads it once. */
@Injectable()
export class SubscriptionCache {
  private readonly entries = new BoundedTtlCache<Promise<DeliveryTarget | null>>(MAX_ENTRIES, TTL_MS);

  constructor(private readonly subscriptions: SubscriptionRepository) {}

  /** The subscription changed: the next delivery reads it again. */
  forget(subscriptionId: string): void {
    this.entries.delete(subscriptionId);
  }

  get(id: string): Promise<DeliveryTarget | null> {
    const hit = this.entries.get(id);
    if (hit) return hit;
    const value = this.subscriptions.findDeliveryTarget(id);
    this.entries.set(id, value);
    value.catch(() => this.entries.delete(id));
    return value;
  }
}
