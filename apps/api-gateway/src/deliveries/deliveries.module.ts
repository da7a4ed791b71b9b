import { Module } from '@nestjs/common';
import { FifoLines, QueueAvailability, WebhookJobProducer, WebhookQueueModule } from '@app/messaging';
import { EventsModule } from '../events/events.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { DeliveryRequeuer } from './delivery-requeuer';

@Module({
  imports: [WebhookQueueModule, EventsModule, SubscriptionsModule],
  controllers: [DeliveriesController],
  providers: [DeliveriesService, DeliveryRequeuer, WebhookJobProducer, QueueAvailability, FifoLines],
})
export class DeliveriesModule {}
