import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { BullRootModule, FifoLines, MessagingModule, SubscriptionRateLimiter, WebhookJobProducer, WebhookQueueModule } from '@app/messaging';
import { ConfigModule, HealthController } from '@app/platform';
import { DeliveryProcessor } from './delivery/delivery.processor';
import { DeliveryService } from './delivery/delivery.service';
import { OutcomeWriter } from './delivery/outcome-writer';
import { SubscriptionCache } from './delivery/subscription.cache';
import { SubscriptionEventsController } from './delivery/subscription-events.controller';
import { WebhookSender } from './delivery/webhook-sender';

@Module({
  imports: [ConfigModule, PersistenceModule, MessagingModule, BullRootModule, WebhookQueueModule],
  controllers: [HealthController, SubscriptionEventsController],
  providers: [SubscriptionCache, WebhookSender, OutcomeWriter, DeliveryService, DeliveryProcessor, WebhookJobProducer,
    FifoLines, SubscriptionRateLimiter],
})
export class AppModule {}
