import { Module } from '@nestjs/common';
import { MatchJobProducer, MatchQueueModule, QueueAvailability } from '@app/messaging';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [MatchQueueModule],
  controllers: [EventsController],
  providers: [EventsService, MatchJobProducer, QueueAvailability],
  exports: [EventsService],
})
export class EventsModule {}
