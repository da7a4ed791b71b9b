import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { BullRootModule, MatchJobProducer, MatchQueueModule, MessagingModule, FifoLines, OperationalEventPublisher, SubscriptionRateLimiter, WebhookJobProducer, WebhookQueueModule } from '@app/messaging';
import { ConfigModule, HealthController } from '@app/platform';
import { WebhookSender } from '@app/webhooks';
import { DeliveryProcessor } from './delivery/delivery.processor';
import { DeliveryWorkers } from './delivery/delivery-workers';
import { DeliveryService } from './delivery/delivery.service';
import { OutcomeWriter } from './delivery/outcome-writer';
import { SubscriptionCache } from './delivery/subscription.cache';
import { SubscriptionEventsController } from './delivery/subscription-events.controller';

@Module({
  imports: [ConfigModule, PersistenceModule, MessagingModule, BullRootModule, WebhookQueueModule, MatchQueueModule],
  controllers: [HealthController, SubscriptionEventsController],
  providers: [SubscriptionCache, WebhookSender, OutcomeWriter, DeliveryService, DeliveryProcessor, DeliveryWorkers, WebhookJobProducer,
    MatchJobProducer, OperationalEventPublisher, FifoLines, SubscriptionRateLimiter],
})
export class AppModule {}
