import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { LongPollWaiters } from './long-poll-waiters';
import { PullController } from './pull.controller';
import { PullService } from './pull.service';

@Module({
  imports: [SubscriptionsModule],
  controllers: [PullController],
  providers: [PullService, LongPollWaiters],
})
export class PullModule {}
