import { DeliveryCounts, EventEntity } from '@app/persistence';

export class AcceptedEventResponse {
  id: string;
  type: string;
  createdAt: Date;
}

export class AcceptedBatchResponse {
  /** In input order. */
  ids: string[];
}

export class DeliveryCountsResponse {
  total: number;
  succeeded: number;
  failed: number;
  pending: number;
  cancelled: number;
}

export class EventStatusResponse {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  channels: string[];
  createdAt: Date;
  /** "matched" once the matcher has processed it, whatever it matched. */
  status: 'pending' | 'matched';
  deliveries: DeliveryCountsResponse;
}

/** An event in a list: no payload (up to 1 MiB each), which `GET /v1/events/:id` returns. */
export class EventSummaryResponse {
  id: string;
  type: string;
  channels: string[];
  createdAt: Date;
  status: 'pending' | 'matched';
  deliveries: DeliveryCountsResponse;
}

export class EventPageResponse {
  /** Newest first. */
  items: EventSummaryResponse[];
  total: number;
  limit: number;
  offset: number;
}

export function toEventStatusResponse(event: EventEntity, deliveries: DeliveryCounts): EventStatusResponse {
  const { id, type, payload, channels, createdAt, status } = event;
  return { id, type, payload, channels, createdAt, status, deliveries };
}

export function toEventSummaryResponse(event: EventEntity, deliveries: DeliveryCounts): EventSummaryResponse {
  const { id, type, channels, createdAt, status } = event;
  return { id, type, channels, createdAt, status, deliveries };
}
