import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { MatchEventJob, PubSubChannel, TenantEventMessage } from '@app/contracts';
import { DeliveryRepository, NewDelivery } from '@app/persistence';
import { MicroBatcher, REDIS, WebhookJobProducer } from '@app/platform';
import { TenantIndexCache } from './tenant-index.cache';

/**
 * Matches published events against the tenants' subscription indexes. Jobs that run at the same time are
 * written together: one insert for all their deliveries, one update marking the events matched, one addBulk.
 */
@Injectable()
export class MatchingService {
  private readonly logger = new Logger(MatchingService.name);
  private readonly batcher: MicroBatcher<MatchEventJob>;

  constructor(
    private readonly indexes: TenantIndexCache,
    private readonly deliveries: DeliveryRepository,
    private readonly webhooks: WebhookJobProducer,
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.batcher = new MicroBatcher((jobs) => this.matchAll(jobs), Math.max(config.matcherConcurrency, 1), 2);
  }

  match(job: MatchEventJob): Promise<void> {
    return this.batcher.submit(job);
  }

  private async matchAll(jobs: MatchEventJob[]): Promise<void[]> {
    const planned = (await Promise.all(jobs.map((job) => this.plan(job)))).flat();
    const created = await this.deliveries.recordMatches(jobs.map((j) => j.eventId), planned);
    const eventsById = new Map(jobs.map((j) => [j.eventId, j]));
    await this.webhooks.enqueue(created.filter((d) => d.transport === 'webhook').map((d) => ({
      job: { deliveryId: d.id, tenantId: d.tenantId, subscriptionId: d.subscriptionId, attempt: 1, event: toJobEvent(eventsById.get(d.eventId)!) },
    })));
    await this.announce(jobs, created);
    return jobs.map(() => undefined);
  }

  private async plan(job: MatchEventJob): Promise<NewDelivery[]> {
    const { index, transports } = await this.indexes.get(job.tenantId);
    const ids = index.match({ type: job.type, channels: job.channels, payload: job.payload });
    return ids.map((subscriptionId) => ({
      id: randomUUID(), tenantId: job.tenantId, eventId: job.eventId, subscriptionId, transport: transports.get(subscriptionId)!,
    }));
  }

  /** Wakes pull/WebSocket consumers of the subscriptions that got messages, and feeds the tenants' firehoses. */
  private async announce(jobs: MatchEventJob[], created: NewDelivery[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    const woken = new Set(created.filter((d) => d.transport !== 'webhook').map((d) => d.subscriptionId));
    woken.forEach((id) => pipeline.publish(PubSubChannel.subscriptionMessages(id), JSON.stringify({ subscriptionId: id })));
    for (const job of jobs) {
      const message: TenantEventMessage = { id: job.eventId, type: job.type, payload: job.payload, channels: job.channels, createdAt: job.createdAt };
      pipeline.publish(PubSubChannel.tenantEvents(job.tenantId), JSON.stringify(message));
    }
    await pipeline.exec().catch((error: Error) => this.logger.warn(`could not announce matches: ${error.message}`));
  }
}

export function toJobEvent(job: MatchEventJob) {
  return { id: job.eventId, type: job.type, payload: job.payload, channels: job.channels, createdAt: job.createdAt };
}
