import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { DeliverWebhookJob, JobName, jobIds, MatchEventJob, QueueName } from '@app/contracts';
import { DeliveryToQueue, EventEntity } from '@app/persistence';
import { REDIS } from './redis.module';
import { redisOptions } from './redis-options';
import { withTimeout } from './with-timeout';

/**
 * Jobs are removed once done or failed, so the sweeper can re-add a job under the same id when Postgres says
 * the work is still pending. `attempts` covers infrastructure errors only (a dead Postgres); delivery retries
 * are scheduled explicitly as new delayed jobs.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
};

export const BullRootModule = BullModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({
    connection: redisOptions(config.redisUrl, { maxRetriesPerRequest: null }),
    defaultJobOptions: DEFAULT_JOB_OPTIONS,
  }),
});

export const MatchQueueModule = BullModule.registerQueue({ name: QueueName.PublishedEvents });
export const WebhookQueueModule = BullModule.registerQueue({ name: QueueName.WebhookDeliveries });

const ENQUEUE_TIMEOUT_MS = 3000;

/** Refuses work up front while Redis is down, rather than accepting what cannot be queued. */
@Injectable()
export class QueueAvailability {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  assertReady(): void {
    if (this.redis.status !== 'ready') throw new ServiceUnavailableException('the work queue (Redis) is unreachable; retry later');
  }
}

@Injectable()
export class MatchJobProducer {
  constructor(@InjectQueue(QueueName.PublishedEvents) private readonly queue: Queue<MatchEventJob>) {}

  async enqueue(jobs: MatchEventJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const bulk = jobs.map((data) => ({ name: JobName.MatchEvent, data, opts: { jobId: jobIds.matchEvent(data.eventId) } }));
    await withTimeout(this.queue.addBulk(bulk), ENQUEUE_TIMEOUT_MS, 'Redis');
  }
}

export interface ScheduledWebhook {
  job: DeliverWebhookJob;
  delayMs?: number;
  /** Defaults to the id of (delivery, attempt), which makes re-adding the same try a no-op. */
  jobId?: string;
}

@Injectable()
export class WebhookJobProducer {
  constructor(@InjectQueue(QueueName.WebhookDeliveries) private readonly queue: Queue<DeliverWebhookJob>) {}

  async enqueue(items: ScheduledWebhook[]): Promise<void> {
    if (items.length === 0) return;
    const bulk = items.map(({ job, delayMs, jobId }) => ({
      name: JobName.DeliverWebhook,
      data: job,
      opts: { jobId: jobId ?? jobIds.deliverWebhook(job.deliveryId, job.attempt), delay: delayMs && delayMs > 0 ? delayMs : undefined },
    }));
    await withTimeout(this.queue.addBulk(bulk), ENQUEUE_TIMEOUT_MS, 'Redis');
  }
}

export function matchJobOf(event: EventEntity): MatchEventJob {
  return {
    eventId: event.id,
    tenantId: event.tenantId,
    type: event.type,
    payload: event.payload,
    channels: event.channels,
    createdAt: new Date(event.createdAt).toISOString(),
  };
}

/** The job for the next try of a delivery read back from Postgres. */
export function nextTryJobOf({ delivery, event }: DeliveryToQueue): DeliverWebhookJob {
  return {
    deliveryId: delivery.id,
    tenantId: delivery.tenantId,
    subscriptionId: delivery.subscriptionId,
    attempt: delivery.attemptCount + 1,
    firstAttemptAt: delivery.firstAttemptAt ? new Date(delivery.firstAttemptAt).toISOString() : undefined,
    event: { ...event, createdAt: new Date(event.createdAt).toISOString() },
  };
}
