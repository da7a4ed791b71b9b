import { Module } from '@nestjs/common';
import { EventTypeEventsController } from './event-type-events.controller';
import { EventTypesController } from './event-types.controller';
import { EventTypesService } from './event-types.service';
import { PayloadValidator } from './payload-validator';
import { SchemaRegistry } from './schema-registry';

@Module({
  controllers: [EventTypesController, EventTypeEventsController],
  providers: [EventTypesService, SchemaRegistry, PayloadValidator],
  exports: [PayloadValidator],
})
export class EventTypesModule {}
