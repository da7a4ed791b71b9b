import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { groupBy } from '@app/contracts';
import { DeliveryRepository, EventEntity, EventRepository, NewEvent, StoredEvent, TenantNewEvent } from '@app/persistence';
import { MatchJobProducer, publishedEventOf, QueueAvailability } from '@app/messaging';
import { MicroBatcher } from '@app/platform';
import { EventStatusResponse, toEventStatusResponse } from './dto/event.response';
import { PayloadValidator } from '../event-types/payload-validator';
import { EventRateLimiter } from './event-rate-limiter';

/**
 * Group commit: a publish is inserted at once unless an insert is already running; requests arriving
 * meanwhile share the next INSERT (one WAL flush), so batching costs no latency when idle.
 */
const PUBLISH_BATCHING = { maxSize: 256, maxWaitMs: 0, maxInFlight: 1 };

@Injectable()
export class EventsService {
  private readonly logger = new Logger(EventsService.name);
  private readonly batcher = new MicroBatcher<TenantNewEvent[], StoredEvent[]>((requests) => this.store(requests), PUBLISH_BATCHING);

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
  async publish(tenantId: string, items: NewEvent[], batch = false): Promise<EventEntity[]> {
    this.queue.assertReady();
    await this.payloads.assertPublishable(tenantId, items, batch);
    await this.rate.admit(tenantId, items.length);
    const stored = await this.batcher.submit(items.map((item) => ({ ...item, tenantId })));
    return stored.map((s) => s.event);
  }

  /**
   * Stores the events of concurrent requests together and answers once they are in Postgres; their matching
   * is queued without holding up the answer. A queueing failure is no error: the sweeper queues pending
   * events again from Postgres.
   */
  private async store(requests: TenantNewEvent[][]): Promise<StoredEvent[][]> {
    const stored = await this.events.insertMany(requests.flat());
    void this.queueMatching(stored.filter((s) => s.created).map((s) => s.event));
    let offset = 0;
    return requests.map((request) => stored.slice(offset, (offset += request.length)));
  }

  private async queueMatching(events: EventEntity[]): Promise<void> {
    for (const [tenantId, own] of groupBy(events, (e) => e.tenantId)) {
      await this.matchJobs.enqueue(tenantId, own.map(publishedEventOf)).catch((error: Error) => {
        this.logger.warn(`${own.length} events stored but not queued (the sweeper will queue them): ${error.message}`);
      });
    }
  }

  async status(tenantId: string, id: string): Promise<EventStatusResponse> {
    const event = await this.require(tenantId, id);
    return toEventStatusResponse(event, await this.deliveries.countsForEvent(tenantId, id));
  }

  async require(tenantId: string, id: string): Promise<EventEntity> {
    const event = await this.events.findOne(tenantId, id);
    if (!event) throw new NotFoundException(`event ${id} not found`);
    return event;
  }
}
