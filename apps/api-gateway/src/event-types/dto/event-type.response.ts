import { ApiProperty } from '@nestjs/swagger';
import { EventTypeEntity } from '@app/persistence';

export class EventTypeResponse {
  name: string;
  description: string;
  /** JSON Schema (draft 2020-12) its payloads must match; null = free-form. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  schema: Record<string, unknown> | null;
  createdAt: Date;
  updatedAt: Date;
}

export class EventTypePageResponse {
  items: EventTypeResponse[];
  total: number;
  limit: number;
  offset: number;
}

export function toEventTypeResponse({ name, description, schema, createdAt, updatedAt }: EventTypeEntity): EventTypeResponse {
  return { name, description, schema, createdAt, updatedAt };
}
