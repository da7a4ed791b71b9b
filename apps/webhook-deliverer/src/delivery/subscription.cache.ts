import { Injectable } from '@nestjs/common';
import { SubscriptionEntity, SubscriptionRepository } from '@app/persistence';

const TTL_MS = 60_000;

/** Subscriptions by id for the deliverer, so a burst of deliveries to one endpoint reads it once. */
@Injectable()
export class SubscriptionCache {
  private readonly entries = new Map<string, { value: Promise<SubscriptionEntity | null>; at: number }>();

  constructor(private readonly subscriptions: SubscriptionRepository) {}

  /** The subscription changed: the next delivery reads it again. */
  forget(subscriptionId: string): void {
    this.entries.delete(subscriptionId);
  }

  get(id: string): Promise<SubscriptionEntity | null> {
    const hit = this.entries.get(id);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    const value = this.subscriptions.findForDelivery(id);
    this.entries.set(id, { value, at: Date.now() });
    value.catch(() => this.entries.delete(id));
    return value;
  }
}
