import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DeliveryRepository, EventEntity, EventRepository, NewEvent } from '@app/persistence';
import { MatchJobProducer, publishedEventOf, QueueAvailability } from '@app/platform';
import { EventStatusResponse, toEventStatusResponse } from './dto/event.response';

@Injectable()
export class EventsService {
  private readonly logger = new Logger(EventsService.name);

  constructor(
    private readonly events: EventRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly matchJobs: MatchJobProducer,
    private readonly queue: QueueAvailability,
  ) {}

  /**
   * Stores the events in Postgres (the durable record: a 202 is sent only after this) and queues their
   * matching. A queueing failure after the insert is not an error: the sweeper queues pending events again.
   */
  async publish(tenantId: string, items: NewEvent[]): Promise<EventEntity[]> {
    this.queue.assertReady();
    const stored = await this.events.insertMany(tenantId, items);
    const fresh = stored.filter((s) => s.created).map((s) => publishedEventOf(s.event));
    await this.matchJobs.enqueue(tenantId, fresh).catch((error: Error) => {
      this.logger.warn(`${fresh.length} events stored but not queued (the sweeper will queue them): ${error.message}`);
    });
    return stored.map((s) => s.event);
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
