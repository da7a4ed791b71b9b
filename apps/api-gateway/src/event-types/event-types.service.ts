import { Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { AppEvent } from '@app/contracts';
import { PubSubClient } from '@app/messaging';
import { EventTypeRepository } from '@app/persistence';
import { PaginationQuery } from '../common/pagination.dto';
import { PutEventTypeDto } from './dto/event-type.dto';
import { EventTypePageResponse, EventTypeResponse, toEventTypeResponse } from './dto/event-type.response';
import { compileSchema, InvalidSchemaError, MAX_SCHEMA_BYTES } from './schema-compiler';
import { SchemaRegistry } from './schema-registry';

@Injectable()
export class EventTypesService {
  private readonly logger = new Logger(EventTypesService.name);

  constructor(
    private readonly eventTypes: EventTypeRepository,
    private readonly schemas: SchemaRegistry,
    private readonly config: AppConfig,
    private readonly events: PubSubClient,
  ) {}

  async put(tenantId: string, name: string, dto: PutEventTypeDto): Promise<EventTypeResponse> {
    const schema = dto.schema ?? null;
    if (schema) assertCompiles(schema);
    const max = this.config.limits.eventTypesPerTenant;
    const saved = await this.eventTypes.upsertWithinLimit(tenantId, name, { description: dto.description ?? '', schema }, max);
    if (!saved) throw new UnprocessableEntityException([`this tenant already has ${max} event types (MAX_EVENT_TYPES_PER_TENANT); delete one first`]);
    await this.announceChange(tenantId, name);
    return toEventTypeResponse(saved);
  }

  async list(tenantId: string, query: PaginationQuery): Promise<EventTypePageResponse> {
    const { items, total } = await this.eventTypes.list(tenantId, query.limit, query.offset);
    return { items: items.map(toEventTypeResponse), total, limit: query.limit, offset: query.offset };
  }

  async get(tenantId: string, name: string): Promise<EventTypeResponse> {
    const entry = await this.eventTypes.findOne(tenantId, name);
    if (!entry) throw new NotFoundException(`event type ${name} not found`);
    return toEventTypeResponse(entry);
  }

  /** Idempotent, like deleting a subscription: an unknown name is fine. The type becomes free-form again. */
  async delete(tenantId: string, name: string): Promise<void> {
    if (await this.eventTypes.delete(tenantId, name)) await this.announceChange(tenantId, name);
  }

  /** Every gateway drops its compiled copy; this one at once, so its next publish already sees the change. */
  private async announceChange(tenantId: string, name: string): Promise<void> {
    this.schemas.forget(tenantId, name);
    await this.events.announce(AppEvent.eventTypeChanged, { tenantId, name }).catch((error: Error) => {
      this.logger.warn(`could not announce an event type change (other gateways refresh on their own timer): ${error.message}`);
    });
  }
}

function assertCompiles(schema: Record<string, unknown>): void {
  if (Buffer.byteLength(JSON.stringify(schema)) > MAX_SCHEMA_BYTES) {
    throw new UnprocessableEntityException([`schema must be at most ${MAX_SCHEMA_BYTES} bytes as JSON`]);
  }
  try {
    compileSchema(schema);
  } catch (error) {
    if (error instanceof InvalidSchemaError) throw new UnprocessableEntityException([error.message]);
    throw error;
  }
}
