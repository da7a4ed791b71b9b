import { Injectable, Logger } from '@nestjs/common';
import { DeliveryFailedPayload, groupBy, OperationalEventType, SubscriptionDisabledPayload } from '@app/contracts';
import { EventRepository, TenantNewEvent } from '@app/persistence';
import { MatchJobProducer, publishedEventOf } from './queues';

/**
 * Publishes the platform's own events into tenants' streams through the normal pipeline: stored in Postgres
 * first (the durable record), then queued for matching. A queueing failure is no loss: the sweeper queues
 * pending events again from Postgres.
 */
@Injectable()
export class OperationalEventPublisher {
  private readonly logger = new Logger(OperationalEventPublisher.name);

  constructor(
    private readonly events: EventRepository,
    private readonly matchJobs: MatchJobProducer,
  ) {}

  subscriptionDisabled(tenantId: string, payload: SubscriptionDisabledPayload): Promise<void> {
    return this.publish([{ tenantId, type: OperationalEventType.subscriptionDisabled, payload: { ...payload }, channels: [] }]);
  }

  deliveriesFailed(failures: { tenantId: string; payload: DeliveryFailedPayload }[]): Promise<void> {
    return this.publish(failures.map(({ tenantId, payload }) => ({ tenantId, type: OperationalEventType.deliveryFailed, payload: { ...payload }, channels: [] })));
  }

  private async publish(events: TenantNewEvent[]): Promise<void> {
    if (events.length === 0) return;
    const stored = await this.events.insertMany(events);
    for (const [tenantId, own] of groupBy(stored.map((s) => s.event), (e) => e.tenantId)) {
      await this.matchJobs.enqueue(tenantId, own.map(publishedEventOf)).catch((error: Error) => {
        this.logger.warn(`${own.length} operational events stored but not queued (the sweeper will queue them): ${error.message}`);
      });
    }
  }
}
