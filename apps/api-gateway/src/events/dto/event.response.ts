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

/** An event in a list: no payload (up to 1 MiB each), which `GET /v1/events/:id` returns. */
export type EventSummaryResponse = Omit<EventStatusResponse, 'payload'>;

export function toEventSummaryResponse(event: EventEntity, deliveries: DeliveryCounts): EventSummaryResponse {
  const { id, type, channels, createdAt, status } = event;
  return { id, type, channels, createdAt, status, deliveries };
}
