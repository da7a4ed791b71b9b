import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { jobIds, PubSubChannel } from '@app/contracts';
import { DeliveryToQueue } from '@app/persistence';
import { nextTryJobOf, REDIS, WebhookJobProducer } from '@app/platform';

/** Hands deliveries made pending again to whoever serves their transport: a webhook job, or a wake-up for pull/WebSocket consumers. */
@Injectable()
export class DeliveryRequeuer {
  constructor(
    private readonly webhooks: WebhookJobProducer,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async requeue(items: DeliveryToQueue[]): Promise<void> {
    const now = Date.now();
    const webhooks = items.filter((i) => i.delivery.transport === 'webhook');
    await this.webhooks.enqueue(webhooks.map((item) => {
      const job = nextTryJobOf(item);
      // A fresh id: a delayed retry of the same attempt may be waiting, and this one must run now.
      return { job, jobId: jobIds.manualRetry(job.deliveryId, job.attempt, now) };
    }));
    const woken = new Set(items.filter((i) => i.delivery.transport !== 'webhook').map((i) => i.delivery.subscriptionId));
    await Promise.all([...woken].map((id) => this.redis.publish(PubSubChannel.subscriptionMessages(id), JSON.stringify({ subscriptionId: id }))));
  }
}
