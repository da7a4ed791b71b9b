import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { groupBy } from '@app/contracts';
import { DeliveryRepository, EventRepository, MessageLeaseRepository } from '@app/persistence';
import { MatchJobProducer, nextTryOf, publishedEventOf, REDIS, WebhookJobProducer, webhookJobsFor } from '@app/messaging';

const BATCH = 1000;
const LOCK_KEY = 'notify:sweeper-lock';

/**
 * Postgres is the record and Redis only the work queue: this finds accepted events and pending webhook
 * deliveries whose job should long have run, and queues them again under their deterministic job ids (a job
 * that still exists is not duplicated). It is what makes a flushed or restarted Redis lose nothing.
 * One matcher instance sweeps at a time (a Redis lock); any of them can.
 */
@Injectable()
export class SweeperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweeperService.name);
  private readonly owner = randomUUID();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly events: EventRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly leases: MessageLeaseRepository,
    private readonly matchJobs: MatchJobProducer,
    private readonly webhookJobs: WebhookJobProducer,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweepIfLeader().finally(() => (this.running = undefined));
    }, this.config.sweep.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async sweepIfLeader(): Promise<void> {
    try {
      const lock = await this.redis.set(LOCK_KEY, this.owner, 'PX', this.config.sweep.intervalMs * 2, 'NX');
      if (lock !== 'OK' && (await this.redis.get(LOCK_KEY)) !== this.owner) return;
      await this.redis.pexpire(LOCK_KEY, this.config.sweep.intervalMs * 2);
      await this.sweep(new Date(Date.now() - this.config.sweep.graceMs));
    } catch (error) {
      this.logger.warn(`sweep skipped: ${(error as Error).message}`);
    }
  }

  async sweep(overdueBefore: Date): Promise<void> {
    const events = await this.events.findStalePending(overdueBefore, BATCH);
    for (const [tenantId, own] of groupBy(events, (e) => e.tenantId)) await this.matchJobs.enqueue(tenantId, own.map(publishedEventOf));
    const overdue = await this.deliveries.findOverdueWebhooks(overdueBefore, BATCH);
    // One try per job: those ids are derived from the try alone, so a job that still exists is not doubled.
    await this.webhookJobs.enqueue(webhookJobsFor(overdue.map(nextTryOf), 1).map((job) => ({ job })));
    if (events.length + overdue.length > 0) {
      this.logger.log(`re-queued ${events.length} events and ${overdue.length} webhook deliveries found only in Postgres`);
    }
    // Pull and WebSocket messages nobody acked within the retry age end as failed, like webhooks do.
    const expired = await this.leases.failExpired(new Date(Date.now() - this.config.retry.maxAgeMs));
    if (expired > 0) this.logger.log(`${expired} pull/websocket messages expired unacknowledged`);
  }
}
