import { ApiProperty } from '@nestjs/swagger';

/**
 * Response bodies as classes, for the OpenAPI document only: the services return plain objects of the same shape
 * (interfaces and entity-derived types, which carry no runtime metadata). The Nest CLI swagger plugin turns these
 * property types and comments into schemas.
 */

export class ErrorResponse {
  statusCode: number;
  /** The HTTP reason phrase, e.g. "Unprocessable Entity". */
  error: string;
  /** A text, or (422) one message per offending field, naming the field. */
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  message: string | string[];
}

export class HealthResponse {
  status: 'ok';
  postgres: 'up' | 'down';
  redis: 'up' | 'down';
}

export class CreatedTenantResponse {
  id: string;
  name: string;
  /** Shown once; stored hashed. Only [A-Za-z0-9_]. */
  apiKey: string;
  apiKeyId: string;
}

export class CreatedApiKeyResponse {
  id: string;
  /** Shown once; stored hashed. */
  apiKey: string;
}

export class IssuedTokenResponse {
  /** HS256 JWT: sub = user id, tid = tenant id, exp. */
  token: string;
  /** ISO-8601. */
  expiresAt: string;
}

export class SubscriptionResponse {
  id: string;
  name: string;
  transport: 'webhook' | 'pull' | 'websocket';
  /** Webhook target (null for pull and websocket subscriptions without one). */
  url: string | null;
  httpMethod: 'POST' | 'PUT' | 'GET';
  /** Sent with every delivery. */
  headers: Record<string, string>;
  /** Empty or ["*"] = every type. */
  eventTypes: string[];
  channels: string[];
  /** MongoDB-style payload filter; {} = everything. */
  filter: Record<string, unknown>;
  isActive: boolean;
  status: 'active' | 'disabled';
  disabledReason: string | null;
  /** Seconds a pulled or pushed message stays leased before it is handed out again. */
  visibilityTimeout: number;
  /** Until then deliveries are signed with the secret the last rotation replaced as well; null when they are not. */
  previousSecretExpiresAt: Date | null;
  /** Webhook tries per second that may reach the receiver, across all deliverers; null = no limit. */
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: 10000 })
  rateLimitPerSecond: number | null;
  /** `fifo`: webhook deliveries go out one at a time in publish order; a failing one holds the next. */
  ordering: 'none' | 'fifo';
  createdAt: Date;
  updatedAt: Date;
}

export class CreatedSubscriptionResponse extends SubscriptionResponse {
  /** whsec_ + base64 of the signing key; returned here and by GET /v1/subscriptions/:id/secret only. */
  secret: string;
}

export class SubscriptionPageResponse {
  items: SubscriptionResponse[];
  total: number;
  limit: number;
  offset: number;
}

export class SecretResponse {
  secret: string;
}

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

export class PulledMessageResponse {
  /** The delivery id: the same on every redelivery; ack with it. */
  id: string;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  channels: string[];
  /** The event's time, ISO-8601. */
  createdAt: string;
  /** 1 on the first lease, one more on each redelivery. */
  deliveryAttempt: number;
}

export class PollResponse {
  messages: PulledMessageResponse[];
}

export class AckResponse {
  acked: number;
  /** Ids that were not pending. */
  failures: string[];
}

export class CreatedNotificationResponse {
  id: string;
}

export class CreatedNotificationsResponse {
  /** In input order. */
  ids: string[];
}

export class FailuresResponse {
  /** Every given id that names no notification, as given. */
  @ApiProperty({ type: 'array', items: {} })
  failures: unknown[];
}

export class NotificationResponse {
  id: string;
  type: string;
  message: string;
  meta: Record<string, unknown> | null;
  /** Epoch milliseconds. */
  ts: number;
  read: boolean;
}

export class NotificationPageResponse {
  itemsInTotal: number;
  itemsPerPage: number;
  /** 0-based. */
  pageNumber: number;
  /** Newest first. */
  items: NotificationResponse[];
}

export class UnreadCountResponse {
  count: number;
}

export class EmptyResponse {}

export class SendTestResponse {
  /** The receiver's HTTP status; null when no answer came (refused, timed out, network error). */
  responseStatus: number | null;
  durationMs: number;
  /** Why there was no (complete) answer; null otherwise. */
  error: string | null;
  /** The recorded test event (status "matched", never matched to other subscriptions). */
  eventId: string;
  /** Its one delivery, with the one attempt. */
  deliveryId: string;
}

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
