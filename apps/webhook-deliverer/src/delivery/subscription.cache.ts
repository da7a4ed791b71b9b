import { Injectable, OnModuleInit } from '@nestjs/common';
import { PubSubChannel, SubscriptionChangedMessage } from '@app/contracts';
import { SubscriptionEntity, SubscriptionRepository } from '@app/persistence';
import { RedisSubscriber } from '@app/platform';

const TTL_MS = 60_000;

/** Subscriptions by id for the deliverer, so a burst of deliveries to one endpoint reads it once. */
@Injectable()
export class SubscriptionCache implements OnModuleInit {
  private readonly entries = new Map<string, { value: Promise<SubscriptionEntity | null>; at: number }>();

  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly subscriber: RedisSubscriber,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.subscriber.subscribe(PubSubChannel.subscriptionChanged, (message) => {
      this.entries.delete((JSON.parse(message) as SubscriptionChangedMessage).subscriptionId);
    });
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
