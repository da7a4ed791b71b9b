import { Injectable } from '@nestjs/common';
import { PubSubChannel } from '@app/contracts';
import { FifoLines, nextTryOf, PubSubClient, WebhookJobProducer, webhookJobsFor } from '@app/messaging';
import { DeliveryToQueue, FifoLineRepository } from '@app/persistence';

/** Hands deliveries made pending again to whoever serves their transport: a webhook job, or a wake-up for pull/WebSocket consumers. */
@Injectable()
export class DeliveryRequeuer {
  constructor(
    private readonly webhooks: WebhookJobProducer,
    private readonly events: PubSubClient,
    private readonly fifo: FifoLineRepository,
    private readonly lines: FifoLines,
  ) {}

  async requeue(all: DeliveryToQueue[]): Promise<void> {
    // A delivery of a deleted subscription came back cancelled, not pending: nothing to send.
    const items = all.filter((i) => i.delivery.status === 'pending');
    const webhooks = items.filter((i) => i.delivery.transport === 'webhook');
    // A FIFO delivery made pending again rejoins its line at its original publish position: it goes when the line
    // is free and nothing older is pending, not at once past the ones ahead of it.
    const fifo = await this.fifo.fifoAmong(webhooks.map((i) => i.delivery.subscriptionId));
    const tries = webhooks.filter((i) => !fifo.has(i.delivery.subscriptionId)).map(nextTryOf);
    await this.webhooks.enqueue(webhookJobsFor(tries).map((job) => ({ job })), `-r${Date.now()}`);
    await this.lines.advance([...fifo]);
    const woken = new Set(items.filter((i) => i.delivery.transport !== 'webhook').map((i) => i.delivery.subscriptionId));
    await Promise.all([...woken].map((id) => this.events.announce(PubSubChannel.subscriptionMessages(id), { subscriptionId: id })));
  }
}
