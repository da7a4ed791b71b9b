import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { FifoLineRepository } from '@app/persistence';
import { nextTryOf, WebhookJobProducer, webhookJobsFor } from './queues';

/**
 * Moves FIFO subscriptions' lines on: whoever may have freed a line or added to it (the matcher after inserting
 * deliveries, the deliverer after a head ended, a retry or recover, the sweeper) calls `advance`; Postgres decides
 * whether a head goes out, and it is queued as a one-try job (same id as any earlier job for that try, so a job
 * that still exists is not doubled).
 */
@Injectable()
export class FifoLines {
  constructor(
    private readonly lines: FifoLineRepository,
    private readonly webhooks: WebhookJobProducer,
    private readonly config: AppConfig,
  ) {}

  /** How long past its due time a head holds its line before the sweeper may hand the line on: a try plus a job lock. */
  get leaseMs(): number {
    return this.config.deliveryTimeoutMs * 3 + 5000;
  }

  async advance(subscriptionIds: string[]): Promise<void> {
    if (subscriptionIds.length === 0) return;
    const heads = await this.lines.claimHeads(subscriptionIds, this.leaseMs);
    const now = Date.now();
    const jobs = heads.map((head) => ({
      job: webhookJobsFor([nextTryOf(head)], 1)[0],
      delayMs: head.delivery.nextAttemptAt ? new Date(head.delivery.nextAttemptAt).getTime() - now : undefined,
    }));
    await this.webhooks.enqueue(jobs);
  }

  /** Heads that failed and retry later keep their line through the backoff. */
  async hold(retries: { deliveryId: string; at: Date }[]): Promise<void> {
    await this.lines.extendLeases(retries.map((r) => ({ deliveryId: r.deliveryId, until: new Date(r.at.getTime() + this.leaseMs) })));
  }
}
