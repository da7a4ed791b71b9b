import { Injectable, NotFoundException } from '@nestjs/common';
import { DeliveryRepository } from '@app/persistence';
import { QueueAvailability } from '@app/messaging';
import { PaginationQuery } from '../common/pagination.dto';
import { EventsService } from '../events/events.service';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { ListDeliveriesQuery } from './dto/delivery.dto';
import {
  DeliveryPageResponse,
  DeliveryResponse,
  DeliveryWithAttemptsResponse,
  RecoverResponse,
  toAttemptResponse,
  toDeliveryResponse,
} from './dto/delivery.response';
import { DeliveryRequeuer } from './delivery-requeuer';
import { decodeRecoverCursor, encodeRecoverCursor } from './recover-cursor';

@Injectable()
export class DeliveriesService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly events: EventsService,
    private readonly subscriptions: SubscriptionsService,
    private readonly requeuer: DeliveryRequeuer,
    private readonly queue: QueueAvailability,
  ) {}

  async listForEvent(tenantId: string, eventId: string, page: PaginationQuery): Promise<DeliveryPageResponse> {
    await this.events.require(tenantId, eventId);
    const { items, total } = await this.deliveries.listForEvent(tenantId, eventId, page.limit, page.offset);
    return { items: items.map(toDeliveryResponse), total, limit: page.limit, offset: page.offset };
  }

  async listForSubscription(tenantId: string, subscriptionId: string, query: ListDeliveriesQuery): Promise<DeliveryPageResponse> {
    await this.subscriptions.require(tenantId, subscriptionId);
    const { items, total } = await this.deliveries.listForSubscription(tenantId, subscriptionId, query.status, query.limit, query.offset);
    return { items: items.map(toDeliveryResponse), total, limit: query.limit, offset: query.offset };
  }

  async get(tenantId: string, id: string): Promise<DeliveryWithAttemptsResponse> {
    const delivery = await this.deliveries.findOne(tenantId, id);
    if (!delivery) throw new NotFoundException(`delivery ${id} not found`);
    const attempts = await this.deliveries.attemptsOf(id);
    return { ...toDeliveryResponse(delivery), attempts: attempts.map(toAttemptResponse) };
  }

  async retry(tenantId: string, id: string): Promise<DeliveryResponse> {
    this.queue.assertReady();
    const requeued = await this.deliveries.requeueOne(tenantId, id);
    if (!requeued) throw new NotFoundException(`delivery ${id} not found`);
    await this.requeuer.requeue([requeued]);
    return toDeliveryResponse(requeued.delivery);
  }

  /** One page of failed deliveries made pending and queued; `next` continues, null when nothing is left. */
  async recover(tenantId: string, subscriptionId: string, since: Date, limit: number, cursor?: string): Promise<RecoverResponse> {
    const after = cursor === undefined ? undefined : decodeRecoverCursor(cursor);
    this.queue.assertReady();
    await this.subscriptions.require(tenantId, subscriptionId);
    const page = await this.deliveries.requeueFailedSince(tenantId, subscriptionId, since, limit, after);
    await this.requeuer.requeue(page.requeued);
    return { requeued: page.requeued.length, next: page.last && encodeRecoverCursor(page.last) };
  }
}
