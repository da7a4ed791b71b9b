import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@app/config';
import { MatchEventsJob, PublishedEvent, PubSubChannel, TenantEventMessage } from '@app/contracts';
import { FifoLines, PubSubClient, WebhookJobProducer, webhookJobsFor } from '@app/messaging';
import { DeliveryRepository, NewDelivery } from '@app/persistence';
import { endSpan, MicroBatcher, startSpan, traceparentOf } from '@app/platform';
import { deliveriesCreated, eventsMatched } from './matching.metrics';
import { TenantIndexCache } from './tenant-index.cache';

/**
 * A job that makes more deliveries than this is written in a transaction of its own: batched, everyone's matches
 * would wait for its thousands of rows (one tenant's large fan-out must not hold back another tenant's events).
 */
const OWN_TRANSACTION_ABOVE = 500;

interface TenantEvent {
  tenantId: string;
  event: PublishedEvent;
}

/** A job whose events are matched, waiting to be written with the jobs that finished matching with it. */
interface PlannedJob {
  events: TenantEvent[];
  planned: NewDelivery[];
  /** The tenant's FIFO subscriptions: their lines may have grown, or were waiting for these events to be matched. */
  fifo: string[];
}

/**
 * Matches published events against the tenants' subscription indexes. Each job is matched on its own, in
 * time slices, so a costly event holds back neither the event loop nor other jobs; jobs whose matching ends
 * at the same time are written together: one insert for all their deliveries, one update marking the events
 * matched, one addBulk.
 */
@Injectable()
export class MatchingService {
  private readonly logger = new Logger(MatchingService.name);
  private readonly batcher: MicroBatcher<PlannedJob>;

  constructor(
    private readonly indexes: TenantIndexCache,
    private readonly deliveries: DeliveryRepository,
    private readonly webhooks: WebhookJobProducer,
    private readonly events: PubSubClient,
    private readonly lines: FifoLines,
    config: AppConfig,
  ) {
    this.batcher = new MicroBatcher((jobs) => this.matchAll(jobs), { maxSize: config.matcherConcurrency, maxWaitMs: 2 });
  }

  async match(job: MatchEventsJob): Promise<void> {
    const events: TenantEvent[] = [];
    const planned: NewDelivery[] = [];
    for (const event of job.events) {
      const span = startSpan('events.match', event.origin?.traceparent, { 'notify.event_type': event.type });
      // Deliveries made from this event continue the trace as children of its match span.
      const traced = { tenantId: job.tenantId, event: { ...event, origin: { ...event.origin, traceparent: traceparentOf(span) } } };
      const matches = await this.plan(traced).then((found) => (span.setAttribute('notify.matches', found.length), found)).finally(() => endSpan(span));
      events.push(traced);
      planned.push(...matches);
    }
    const fifo = [...(await this.indexes.get(job.tenantId)).fifo];
    if (planned.length > OWN_TRANSACTION_ABOVE) {
      await this.matchAll([{ events, planned, fifo }]);
      return;
    }
    return this.batcher.submit({ events, planned, fifo });
  }

  private async matchAll(jobs: PlannedJob[]): Promise<void[]> {
    const events = jobs.flatMap((job) => job.events);
    const planned = jobs.flatMap((job) => job.planned);
    const created = await this.deliveries.recordMatches(events.map((e) => e.event.id), planned);
    this.count(events, created);
    const byId = new Map(events.map((e) => [e.event.id, e.event]));
    const fifo = new Set(jobs.flatMap((job) => job.fifo));
    const tries = created
      .filter((d) => d.transport === 'webhook' && !fifo.has(d.subscriptionId))
      .map((d) => ({ tenantId: d.tenantId, subscriptionId: d.subscriptionId, deliveryId: d.id, attempt: 1, event: byId.get(d.eventId)! }));
    await this.webhooks.enqueue(webhookJobsFor(tries).map((job) => ({ job })));
    // FIFO deliveries are not queued here: each line sends its head when it is free (a delivery the matcher did not
    // know as FIFO yet is queued above; it goes out at once, as it would have a moment before the change).
    await this.lines.advance([...fifo]);
    await this.announce(events, created);
    return jobs.map(() => undefined);
  }

  private async plan({ tenantId, event }: TenantEvent): Promise<NewDelivery[]> {
    const { index, transports } = await this.indexes.get(tenantId);
    const { ids, overBudget } = await index.matchInSlices({ type: event.type, channels: event.channels, payload: event.payload });
    if (overBudget.length > 0) {
      this.logger.warn(`event ${event.id}: ${overBudget.length} subscription filters ran out of their step budget and did not match: ${overBudget.join(', ')}`);
    }
    return ids.map((subscriptionId) => ({
      id: randomUUID(), tenantId, eventId: event.id, subscriptionId, transport: transports.get(subscriptionId)!,
    }));
  }

  private count(events: TenantEvent[], created: NewDelivery[]): void {
    eventsMatched.inc(events.length);
    for (const d of created) deliveriesCreated.inc({ transport: d.transport });
    const made = new Map<string, number>();
    for (const d of created) made.set(d.eventId, (made.get(d.eventId) ?? 0) + 1);
    for (const { event } of events) {
      this.logger.debug({ reqId: event.origin?.reqId, eventId: event.id, deliveries: made.get(event.id) ?? 0, msg: 'event matched' });
    }
  }

  /** Wakes pull/WebSocket consumers of the subscriptions that got messages, and feeds the tenants' firehoses. */
  private async announce(events: TenantEvent[], created: NewDelivery[]): Promise<void> {
    const woken = new Set(created.filter((d) => d.transport !== 'webhook').map((d) => d.subscriptionId));
    const wakeUps = [...woken].map((id) => this.events.announce(PubSubChannel.subscriptionMessages(id), { subscriptionId: id }));
    const firehose = events.map(({ tenantId, event }) => this.events.announce(PubSubChannel.tenantEvents(tenantId), event satisfies TenantEventMessage));
    // Emitted in one tick, so they leave as one pipeline.
    await Promise.all([...wakeUps, ...firehose]).catch((error: Error) => this.logger.warn(`could not announce matches: ${error.message}`));
  }
}
