import { Module } from '@nestjs/common';
import { MatchJobProducer, MatchQueueModule, QueueAvailability } from '@app/messaging';
import { EventTypesModule } from '../event-types/event-types.module';
import { EventRateLimiter } from './event-rate-limiter';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [MatchQueueModule, EventTypesModule],
  controllers: [EventsController],
  providers: [EventsService, EventRateLimiter, MatchJobProducer, QueueAvailability],
  exports: [EventsService],
})
export class EventsModule {}
