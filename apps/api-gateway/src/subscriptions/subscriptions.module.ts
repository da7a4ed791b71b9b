import { Module } from '@nestjs/common';
import { WebhookSender } from '@app/webhooks';
import { EventTypesModule } from '../event-types/event-types.module';
import { SubscriptionTester } from './subscription-tester';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsService } from './subscriptions.service';

@Module({
  imports: [EventTypesModule],
  controllers: [SubscriptionsController],
  providers: [SubscriptionsService, SubscriptionTester, WebhookSender],
  exports: [SubscriptionsService],
})
export class SubscriptionsModule {}
