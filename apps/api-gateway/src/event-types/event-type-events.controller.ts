import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AppEvent, EventTypeChangedMessage } from '@app/contracts';
import { SchemaRegistry } from './schema-registry';

/** A catalog entry changed on some gateway: this one compiles its schema afresh on the next publish of the type. */
@Controller()
export class EventTypeEventsController {
  constructor(private readonly schemas: SchemaRegistry) {}

  @EventPattern(AppEvent.eventTypeChanged)
  onChanged(@Payload() { tenantId, name }: EventTypeChangedMessage): void {
    this.schemas.forget(tenantId, name);
  }
}
