import { DeliveryCounts, EventEntity } from '@app/persistence';

export interface AcceptedEventResponse {
  id: string;
  type: string;
  createdAt: Date;
}

export interface EventStatusResponse {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  channels: string[];
  createdAt: Date;
  status: EventEntity['status'];
  deliveries: DeliveryCounts;
}

export function toEventStatusResponse(event: EventEntity, deliveries: DeliveryCounts): EventStatusResponse {
  const { id, type, payload, channels, createdAt, status } = event;
  return { id, type, payload, channels, createdAt, status, deliveries };
}
