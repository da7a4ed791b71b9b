import { DeliveryAttemptEntity, DeliveryEntity } from '@app/persistence';

export class DeliveryResponse {
  id: string;
  eventId: string;
  subscriptionId: string;
  transport: 'webhook' | 'pull' | 'websocket';
  status: 'pending' | 'succeeded' | 'failed' | 'cancelled';
  attemptCount: number;
  /** Null unless pending. */
  nextAttemptAt: Date | null;
  lastResponseStatus: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export class AttemptResponse {
  id: string;
  deliveryId: string;
  attemptNumber: number;
  startedAt: Date;
  durationMs: number;
  /** Null on a network error or timeout. */
  responseStatus: number | null;
  /** The first 1 KiB. */
  responseBody: string | null;
  error: string | null;
}

export class DeliveryWithAttemptsResponse extends DeliveryResponse {
  attempts: AttemptResponse[];
}

export class DeliveryPageResponse {
  items: DeliveryResponse[];
  total: number;
  limit: number;
  offset: number;
}

export class RecoverResponse {
  /** Failed deliveries queued again by this call (at most `limit`). */
  requeued: number;
  /** Pass as `cursor` (with the same `since`) to continue; null when every failed delivery since `since` is queued. */
  next: string | null;
}

export function toDeliveryResponse(d: DeliveryEntity): DeliveryResponse {
  return {
    id: d.id,
    eventId: d.eventId,
    subscriptionId: d.subscriptionId,
    transport: d.transport,
    status: d.status,
    attemptCount: d.attemptCount,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    lastResponseStatus: d.lastResponseStatus,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export function toAttemptResponse(a: DeliveryAttemptEntity): AttemptResponse {
  const { id, deliveryId, attemptNumber, startedAt, durationMs, responseStatus, responseBody, error } = a;
  return { id, deliveryId, attemptNumber, startedAt, durationMs, responseStatus, responseBody, error };
}
