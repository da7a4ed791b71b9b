import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Module, OnApplicationShutdown, ServiceUnavailableException } from '@nestjs/common';
import { ConnectionOptions, JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '@app/config';
import { chunk, DeliverWebhooksJob, groupBy, JobName, jobIds, MatchEventsJob, PublishedEvent, QueueName, WebhookTry } from '@app/contracts';
import { DeliveryToQueue, EventEntity } from '@app/persistence';
import { BULL_CONNECTION, REDIS } from './messaging.module';
import { queuePrefix, RedisClient } from './redis-connection';
import { webhookPartitionOf, webhookQueueNames } from './webhook-partitions';
import { withTimeout } from './with-timeout';
import { BULK_PRIORITY } from './hold-back';
import { TenantBursts } from './tenant-bursts';

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
  inject: [BULL_CONNECTION],
  useFactory: (connection: ConnectionOptions) => ({ connection, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
});

/** The matching queue: one queue (on a cluster, one shard), with its name as the hash tag there. */
export const MatchQueueModule = BullModule.registerQueueAsync({
  name: QueueName.PublishedEvents,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({ prefix: queuePrefix(config, QueueName.PublishedEvents) }),
});

/** One BullMQ queue per webhook partition (QUEUE_PARTITIONS), opened here because their number is a setting. */
@Injectable()
export class WebhookQueues implements OnApplicationShutdown {
  readonly all: Queue<DeliverWebhooksJob>[];

  constructor(config: AppConfig, @Inject(BULL_CONNECTION) connection: ConnectionOptions) {
    this.all = webhookQueueNames(config.queuePartitions).map(
      (name) => new Queue<DeliverWebhooksJob>(name, { connection, prefix: queuePrefix(config, name), defaultJobOptions: DEFAULT_JOB_OPTIONS }),
    );
  }

  forSubscription(subscriptionId: string): Queue<DeliverWebhooksJob> {
    return this.all[webhookPartitionOf(subscriptionId, this.all.length)];
  }

  named(name: string): Queue<DeliverWebhooksJob> {
    return this.all.find((queue) => queue.name === name)!;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.all.map((queue) => queue.close()));
  }
}

@Module({ providers: [WebhookQueues], exports: [WebhookQueues] })
export class WebhookQueueModule {}

const ENQUEUE_TIMEOUT_MS = 3000;

/** Refuses work up front while Redis is down, rather than accepting what cannot be queued. */
@Injectable()
export class QueueAvailability {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  assertReady(): void {
    if (this.redis.status !== 'ready') throw new ServiceUnavailableException('the work queue (Redis) is unreachable; retry later');
  }
}

/** Events per matching job: big enough to amortise queue overhead, small enough to spread over matchers. */
const EVENTS_PER_JOB = 100;
/** Tries per delivery job: one subscription's deliveries travel and are sent together. */
export const TRIES_PER_JOB = 32;

@Injectable()
export class MatchJobProducer {
  constructor(@InjectQueue(QueueName.PublishedEvents) private readonly queue: Queue<MatchEventsJob>) {}

  /** `priority` (BullMQ's; see HELD_BACK_PRIORITY) puts the jobs behind every job queued without one. */
  async enqueue(tenantId: string, events: PublishedEvent[], priority?: number): Promise<void> {
    if (events.length === 0) return;
    const bulk = chunk(events, EVENTS_PER_JOB).map((part) => ({
      name: JobName.MatchEvents,
      data: { tenantId, events: part },
      opts: { jobId: jobIds.matchEvents(part), priority },
    }));
    // add() is one script call; addBulk() wraps even a single job in a MULTI, about twice the cost.
    const adding: Promise<unknown> = bulk.length === 1 ? this.queue.add(bulk[0].name, bulk[0].data, bulk[0].opts) : this.queue.addBulk(bulk);
    await withTimeout(adding, ENQUEUE_TIMEOUT_MS, 'Redis');
  }
}

export interface AddressedTry extends WebhookTry {
  tenantId: string;
  subscriptionId: string;
}

export interface ScheduledWebhooks {
  job: DeliverWebhooksJob;
  delayMs?: number;
  /** BullMQ's priority: HELD_BACK_PRIORITY puts the job behind every job queued without one. */
  priority?: number;
}

/** Groups tries by subscription into jobs of at most `perJob` tries. */
export function webhookJobsFor(tries: AddressedTry[], perJob = TRIES_PER_JOB): DeliverWebhooksJob[] {
  return [...groupBy(tries, (t) => t.subscriptionId).values()].flatMap((group) =>
    chunk(group, perJob).map((part) => ({
      tenantId: part[0].tenantId,
      subscriptionId: part[0].subscriptionId,
      tries: part.map(({ tenantId: _t, subscriptionId: _s, ...attempt }) => attempt),
    })),
  );
}

/** Tries a tenant may queue a second (per process) before its further jobs go behind other tenants' (TenantBursts). */
const BULK_AFTER_TRIES_PER_SECOND = 200;

@Injectable()
export class WebhookJobProducer {
  private readonly bursts = new TenantBursts(BULK_AFTER_TRIES_PER_SECOND);

  constructor(private readonly queues: WebhookQueues) {}

  /**
   * Each job goes to its subscription's partition. `idSuffix` gives manual retries ids of their own: a delayed
   * retry of the same try may be waiting.
   */
  async enqueue(items: ScheduledWebhooks[], idSuffix = ''): Promise<void> {
    if (items.length === 0) return;
    const byQueue = groupBy(items, ({ job }) => this.queues.forSubscription(job.subscriptionId).name);
    const adding = [...byQueue].map(([name, own]) =>
      this.queues.named(name).addBulk(
        own.map(({ job, delayMs, priority }) => ({
          name: JobName.DeliverWebhooks,
          data: job,
          opts: {
            jobId: jobIds.deliverWebhooks(job.tries, idSuffix),
            delay: delayMs && delayMs > 0 ? delayMs : undefined,
            priority: priority ?? (this.bursts.isBulk(job.tenantId, job.tries.length) ? BULK_PRIORITY : undefined),
          },
        })),
      ),
    );
    await withTimeout(Promise.all(adding), ENQUEUE_TIMEOUT_MS, 'Redis');
  }
}

export function publishedEventOf(event: Pick<EventEntity, 'id' | 'type' | 'payload' | 'channels' | 'createdAt'>): PublishedEvent {
  const { id, type, payload, channels, createdAt } = event;
  return { id, type, payload, channels, createdAt: new Date(createdAt).toISOString() };
}

/** The next try of a delivery read back from Postgres. */
export function nextTryOf({ delivery, event }: DeliveryToQueue): AddressedTry {
  return {
    tenantId: delivery.tenantId,
    subscriptionId: delivery.subscriptionId,
    deliveryId: delivery.id,
    attempt: delivery.attemptCount + 1,
    firstAttemptAt: delivery.firstAttemptAt ? new Date(delivery.firstAttemptAt).toISOString() : undefined,
    event: publishedEventOf(event),
  };
}
