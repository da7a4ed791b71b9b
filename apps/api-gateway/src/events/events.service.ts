import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { EventOrigin, groupBy, PublishedEvent } from '@app/contracts';
import { DeliveryRepository, EventEntity, EventRepository, NewEvent, StoredEvent, TenantNewEvent } from '@app/persistence';
import { MatchJobProducer, publishedEventOf, QueueAvailability } from '@app/messaging';
import { endSpan, MicroBatcher, startSpan, traceparentOf } from '@app/platform';
import { EventPageResponse, EventStatusResponse, toEventStatusResponse, toEventSummaryResponse } from './dto/event.response';
import { ListEventsQuery } from './dto/list-events.dto';
import { PayloadValidator } from '../event-types/payload-validator';
import { EventRateLimiter } from './event-rate-limiter';
import { eventsPublished } from './events.metrics';

/** An event to store, with the request it came from (carried to the matcher, never stored). */
type OriginatedEvent = TenantNewEvent & { origin: EventOrigin };

/**
 * Group commit: a publish is inserted at once unless an insert is already running; requests arriving
 * meanwhile share the next INSERT (one WAL flush), so batching costs no latency when idle.
 */
const PUBLISH_BATCHING = { maxSize: 256, maxWaitMs: 0, maxInFlight: 1 };
/**
 * A publish of more events than this is inserted on its own, beside the group commit: in it, one tenant's
 * back-to-back 1000-event batches made every other tenant's single event wait for their inserts (the commit runs
 * one insert at a time) and then ride in them; measured in the hostile-tenant test, B's publish took 1-3 s.
 */
const OWN_INSERT_ABOVE = 50;

@Injectable()
export class EventsService {
  private readonly logger = new Logger(EventsService.name);
  private readonly batcher = new MicroBatcher<OriginatedEvent[], StoredEvent[]>((requests) => this.store(requests), PUBLISH_BATCHING);

  constructor(
    private readonly events: EventRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly matchJobs: MatchJobProducer,
    private readonly queue: QueueAvailability,
    private readonly rate: EventRateLimiter,
    private readonly payloads: PayloadValidator,
  ) {}

  /**
   * Resolves once the events are in Postgres (the durable record: a 202 is sent only after this). A batch is
   * refused whole when one of its events is (`batch` names them by index).
   */
  async publish(tenantId: string, items: NewEvent[], from: EventOrigin = {}, batch = false): Promise<EventEntity[]> {
    this.queue.assertReady();
    await this.payloads.assertPublishable(tenantId, items, batch);
    await this.rate.admit(tenantId, items.length);
    const span = startSpan('events.publish', from.traceparent, { 'notify.events': items.length }, SpanKind.SERVER);
    // The events carry this span as their parent, so matching and delivery join the caller's trace.
    const origin: EventOrigin = { reqId: from.reqId, traceparent: traceparentOf(span) };
    try {
      const originated = items.map((item) => ({ ...item, tenantId, origin }));
      const stored = originated.length > OWN_INSERT_ABOVE ? (await this.store([originated]))[0] : await this.batcher.submit(originated);
      endSpan(span);
      return stored.map((s) => s.event);
    } catch (error) {
      endSpan(span, (error as Error).message);
      throw error;
    }
  }

  /**
   * Stores the events of concurrent requests together and answers once they are in Postgres; their matching
   * is queued without holding up the answer. A queueing failure is no error: the sweeper queues pending
   * events again from Postgres.
   */
  private async store(requests: OriginatedEvent[][]): Promise<StoredEvent[][]> {
    const items = requests.flat();
    const stored = await this.events.insertMany(items);
    // insertMany answers in input order, so each stored event finds its request's origin by position.
    const fresh = stored.flatMap((s, i) => (s.created ? [{ tenantId: s.event.tenantId, event: { ...publishedEventOf(s.event), origin: items[i].origin } }] : []));
    eventsPublished.inc(fresh.length);
    void this.queueMatching(fresh);
    let offset = 0;
    return requests.map((request) => stored.slice(offset, (offset += request.length)));
  }

  private async queueMatching(events: { tenantId: string; event: PublishedEvent }[]): Promise<void> {
    for (const [tenantId, own] of groupBy(events, (e) => e.tenantId)) {
      await this.matchJobs.enqueue(tenantId, own.map((e) => e.event)).catch((error: Error) => {
        this.logger.warn(`${own.length} events stored but not queued (the sweeper will queue them): ${error.message}`);
      });
    }
  }

  async status(tenantId: string, id: string): Promise<EventStatusResponse> {
    const event = await this.require(tenantId, id);
    return toEventStatusResponse(event, await this.deliveries.countsForEvent(tenantId, id));
  }

  async list(tenantId: string, { type, limit, offset }: ListEventsQuery): Promise<EventPageResponse> {
    const page = await this.events.listNewest(tenantId, type, limit, offset);
    const counts = await this.deliveries.countsForEvents(tenantId, page.items.map((e) => e.id));
    return { items: page.items.map((e) => toEventSummaryResponse(e, counts.get(e.id)!)), total: page.total, limit, offset };
  }

  async require(tenantId: string, id: string): Promise<EventEntity> {
    const event = await this.events.findOne(tenantId, id);
    if (!event) throw new NotFoundException(`event ${id} not found`);
    return event;
  }
}
