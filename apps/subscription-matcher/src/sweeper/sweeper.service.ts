import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@app/config';
import { groupBy } from '@app/contracts';
import { DeliveryRepository, EventRepository, FifoLineRepository, MessageLeaseRepository } from '@app/persistence';
import { FifoLines, HELD_BACK_PRIORITY, MatchJobProducer, nextTryOf, publishedEventOf, REDIS, RedisClient, WebhookJobProducer, webhookJobsFor } from '@app/messaging';

/** Rows claimed and queued per statement. */
const PAGE = 500;
const LOCK_KEY = 'notify:sweeper-lock';

/** What one sweep re-queued (events, webhook deliveries, FIFO lines) and ended (cancelled orphans, expired messages). */
export interface SweepReport {
  events: number;
  deliveries: number;
  lines: number;
  cancelled: number;
  expired: number;
}

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
    private readonly fifo: FifoLineRepository,
    private readonly lines: FifoLines,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
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

  /**
   * Pages through everything stranded, a page at a time, until a page comes back short or the sweep's time is up
   * (the next sweep goes on): a backlog of any size is worked off, each row re-queued once per grace period.
   */
  async sweep(overdueBefore: Date): Promise<SweepReport> {
    const deadline = Date.now() + this.config.sweep.intervalMs;
    const events = await this.pageUntilDone(deadline, async () => {
      const page = await this.events.claimStalePending(overdueBefore, PAGE);
      // Behind every fresh job (HELD_BACK_PRIORITY): most of an overdue backlog is still queued, just not reached,
      // and a tenant's thousands re-queued every grace period buried other tenants' fresh events (issue 10).
      for (const [tenantId, own] of groupBy(page, (e) => e.tenantId)) await this.matchJobs.enqueue(tenantId, own.map(publishedEventOf), HELD_BACK_PRIORITY);
      return page.length;
    });
    const deliveries = await this.pageUntilDone(deadline, async () => {
      const page = await this.deliveries.claimOverdueWebhooks(overdueBefore, PAGE);
      // One try per job: those ids are derived from the try alone, so a job that still exists is not doubled.
      // Behind every fresh job too: a tarpit tenant's overdue tries must not stand ahead of another tenant's delivery.
      await this.webhookJobs.enqueue(webhookJobsFor(page.map(nextTryOf), 1).map((job) => ({ job, priority: HELD_BACK_PRIORITY })));
      return page.length;
    });
    // A FIFO line whose head ended without handing it on, or whose lease ran out (a deliverer killed mid-try, a lost
    // job), sends its head again.
    const stalled = await this.fifo.stalledLines(PAGE);
    await this.lines.advance(stalled);
    const cancelled = await this.deliveries.cancelOrphaned();
    // Durable WebSocket messages nobody acked within the retry age end as failed, like webhooks do; pull ones wait.
    const expired = await this.leases.failExpiredWebSocketMessages(new Date(Date.now() - this.config.retry.maxAgeMs));
    const report = { events, deliveries, lines: stalled.length, cancelled, expired };
    if (events + deliveries + stalled.length + cancelled + expired > 0) this.logger.log(`sweep: ${JSON.stringify(report)}`);
    return report;
  }

  private async pageUntilDone(deadline: number, claimPage: () => Promise<number>): Promise<number> {
    let total = 0;
    let claimed: number;
    do {
      claimed = await claimPage();
      total += claimed;
    } while (claimed === PAGE && Date.now() < deadline);
    return total;
  }
}
