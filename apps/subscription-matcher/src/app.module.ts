import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { BullRootModule, FifoLines, MatchJobProducer, MatchQueueModule, MessagingModule, WebhookJobProducer, WebhookQueueModule } from '@app/messaging';
import { ConfigModule, HealthController } from '@app/platform';
import { MatchProcessor } from './matching/match.processor';
import { MatchingService } from './matching/matching.service';
import { SubscriptionEventsController } from './matching/subscription-events.controller';
import { TenantIndexCache } from './matching/tenant-index.cache';
import { RetentionScheduler } from './retention/retention.scheduler';
import { SweeperService } from './sweeper/sweeper.service';

@Module({
  imports: [ConfigModule, PersistenceModule, MessagingModule, BullRootModule, MatchQueueModule, WebhookQueueModule],
  controllers: [HealthController, SubscriptionEventsController],
  providers: [TenantIndexCache, MatchingService, MatchProcessor, MatchJobProducer, WebhookJobProducer, SweeperService, RetentionScheduler, FifoLines],
})
export class AppModule {}
