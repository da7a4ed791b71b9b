import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { PubSubChannel } from '@app/contracts';
import { DeliveryToQueue } from '@app/persistence';
import { nextTryOf, REDIS, WebhookJobProducer, webhookJobsFor } from '@app/platform';

/** Hands deliveries made pending again to whoever serves their transport: a webhook job, or a wake-up for pull/WebSocket consumers. */
@Injectable()
export class DeliveryRequeuer {
  constructor(
    private readonly webhooks: WebhookJobProducer,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async requeue(all: DeliveryToQueue[]): Promise<void> {
    // A delivery of a deleted subscription came back cancelled, not pending: nothing to send.
    const items = all.filter((i) => i.delivery.status === 'pending');
    const tries = items.filter((i) => i.delivery.transport === 'webhook').map(nextTryOf);
    await this.webhooks.enqueue(webhookJobsFor(tries).map((job) => ({ job })), `-r${Date.now()}`);
    const woken = new Set(items.filter((i) => i.delivery.transport !== 'webhook').map((i) => i.delivery.subscriptionId));
    await Promise.all([...woken].map((id) => this.redis.publish(PubSubChannel.subscriptionMessages(id), JSON.stringify({ subscriptionId: id }))));
  }
}
