import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import {
  BullRootModule, ConfigModule, HealthController, MatchJobProducer, MatchQueueModule, RedisModule, WebhookJobProducer, WebhookQueueModule,
} from '@app/platform';
import { MatchProcessor } from './matching/match.processor';
import { MatchingService } from './matching/matching.service';
import { TenantIndexCache } from './matching/tenant-index.cache';
import { SweeperService } from './sweeper/sweeper.service';

@Module({
  imports: [ConfigModule, PersistenceModule, RedisModule, BullRootModule, MatchQueueModule, WebhookQueueModule],
  controllers: [HealthController],
  providers: [TenantIndexCache, MatchingService, MatchProcessor, MatchJobProducer, WebhookJobProducer, SweeperService],
})
export class AppModule {}
