import { Injectable } from '@nestjs/common';
import { PubSubChannel } from '@app/contracts';
import { nextTryOf, PubSubClient, WebhookJobProducer, webhookJobsFor } from '@app/messaging';
import { DeliveryToQueue } from '@app/persistence';

/** Hands deliveries made pending again to whoever serves their transport: a webhook job, or a wake-up for pull/WebSocket consumers. */
@Injectable()
export class DeliveryRequeuer {
  constructor(
    private readonly webhooks: WebhookJobProducer,
    private readonly events: PubSubClient,
  ) {}

  async requeue(all: DeliveryToQueue[]): Promise<void> {
    // A delivery of a deleted subscription came back cancelled, not pending: nothing to send.
    const items = all.filter((i) => i.delivery.status === 'pending');
    const tries = items.filter((i) => i.delivery.transport === 'webhook').map(nextTryOf);
    await this.webhooks.enqueue(webhookJobsFor(tries).map((job) => ({ job })), `-r${Date.now()}`);
    const woken = new Set(items.filter((i) => i.delivery.transport !== 'webhook').map((i) => i.delivery.subscriptionId));
    await Promise.all([...woken].map((id) => this.events.announce(PubSubChannel.subscriptionMessages(id), { subscriptionId: id })));
  }
}
