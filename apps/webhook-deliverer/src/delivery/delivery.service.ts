import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@app/config';
import { decideRetry, DeliverWebhookJob } from '@app/contracts';
import { AttemptOutcome } from '@app/persistence';
import { OutcomeWriter } from './outcome-writer';
import { SubscriptionCache } from './subscription.cache';
import { buildWebhookRequest } from './webhook-request';
import { SendResult, WebhookSender } from './webhook-sender';

/** One try of one delivery: send, then record the attempt and what follows (success, next try, or failed). */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly subscriptions: SubscriptionCache,
    private readonly sender: WebhookSender,
    private readonly outcomes: OutcomeWriter,
    private readonly config: AppConfig,
  ) {}

  async deliver(job: DeliverWebhookJob): Promise<void> {
    const subscription = await this.subscriptions.get(job.subscriptionId);
    // Deleted subscriptions had their pending deliveries cancelled; nothing to send.
    if (!subscription || subscription.deletedAt || !subscription.url) return;
    const startedAt = new Date();
    const result = await this.sender.send(buildWebhookRequest(subscription, job.event));
    const firstAttemptAt = job.firstAttemptAt ? new Date(job.firstAttemptAt) : startedAt;
    await this.outcomes.record({ ...this.judge(job, result, startedAt, firstAttemptAt), subscriptionId: job.subscriptionId, firstAttemptAt });
  }

  private judge(job: DeliverWebhookJob, result: SendResult, startedAt: Date, firstAttemptAt: Date) {
    const succeeded = result.responseStatus !== null && result.responseStatus >= 200 && result.responseStatus < 300;
    const decision = succeeded ? undefined : decideRetry(job.attempt, firstAttemptAt, new Date(), this.config.retry);
    const attempt: AttemptOutcome = {
      attemptId: randomUUID(),
      deliveryId: job.deliveryId,
      tenantId: job.tenantId,
      attemptNumber: job.attempt,
      startedAt,
      ...result,
      status: succeeded ? 'succeeded' : decision?.kind === 'retry' ? 'pending' : 'failed',
      nextAttemptAt: decision?.kind === 'retry' ? decision.at : null,
    };
    if (decision?.kind !== 'retry') return { attempt };
    const retry = {
      job: { ...job, attempt: job.attempt + 1, firstAttemptAt: firstAttemptAt.toISOString() },
      delayMs: decision.at.getTime() - Date.now(),
    };
    return { attempt, retry };
  }
}
