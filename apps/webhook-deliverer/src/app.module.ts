import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { BullRootModule, ConfigModule, HealthController, RedisModule, WebhookJobProducer, WebhookQueueModule } from '@app/platform';
import { DeliveryProcessor } from './delivery/delivery.processor';
import { DeliveryService } from './delivery/delivery.service';
import { OutcomeWriter } from './delivery/outcome-writer';
import { SubscriptionCache } from './delivery/subscription.cache';
import { WebhookSender } from './delivery/webhook-sender';

@Module({
  imports: [ConfigModule, PersistenceModule, RedisModule, BullRootModule, WebhookQueueModule],
  controllers: [HealthController],
  providers: [SubscriptionCache, WebhookSender, OutcomeWriter, DeliveryService, DeliveryProcessor, WebhookJobProducer],
})
export class AppModule {}
