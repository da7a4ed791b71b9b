import { EventTypeEntity } from '@app/persistence';

export interface EventTypeResponse {
  name: string;
  description: string;
  schema: Record<string, unknown> | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toEventTypeResponse({ name, description, schema, createdAt, updatedAt }: EventTypeEntity): EventTypeResponse {
  return { name, description, schema, createdAt, updatedAt };
}
