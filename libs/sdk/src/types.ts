/** Wire types of the public contract (docs/API.md). Timestamps arrive as ISO-8601 strings. */

export type Transport = 'webhook' | 'pull' | 'websocket';
export type HttpMethod = 'POST' | 'PUT' | 'GET';
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';
export type JsonObject = Record<string, unknown>;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** One call of recover: how many were queued again, and the cursor to continue with (null when done). */
export interface RecoverPage {
  requeued: number;
  next: string | null;
}

export interface PageQuery {
  limit?: number;
  offset?: number;
}

export interface SubscriptionFields {
  name?: string;
  url?: string;
  httpMethod?: HttpMethod;
  headers?: Record<string, string>;
  /** Empty or `["*"]` = every type. */
  eventTypes?: string[];
  channels?: string[];
  /** MongoDB-style payload filter; `{}` = everything. */
  filter?: JsonObject;
  isActive?: boolean;
  /** Seconds a pulled or pushed message stays leased before it is handed out again (default 30). */
  visibilityTimeout?: number;
  /** Webhook tries per second that may reach the receiver, all deliverers together (1-10000); `null` = no limit. */
  rateLimitPerSecond?: number | null;
  /** `fifo`: webhooks go out one at a time in publish order, a failing one holding the next. Default `none`. */
  ordering?: DeliveryOrdering | null;
}

export type DeliveryOrdering = 'none' | 'fifo';

export interface CreateSubscription extends SubscriptionFields {
  transport?: Transport;
}

export type UpdateSubscription = SubscriptionFields;

export interface Subscription {
  id: string;
  name: string;
  transport: Transport;
  url: string | null;
  httpMethod: HttpMethod;
  headers: Record<string, string>;
  eventTypes: string[];
  channels: string[];
  filter: JsonObject;
  isActive: boolean;
  status: 'active' | 'disabled';
  disabledReason: string | null;
  visibilityTimeout: number;
  /** Until then deliveries are signed with the secret the last rotation replaced as well (ISO-8601); null when not. */
  previousSecretExpiresAt: string | null;
  rateLimitPerSecond: number | null;
  ordering: DeliveryOrdering;
  createdAt: string;
  updatedAt: string;
}

export interface CreatedSubscription extends Subscription {
  /** `whsec_…`: shown here and by `getSecret` only. */
  secret: string;
}

export interface ListSubscriptionsQuery extends PageQuery {
  /** Matches name or url, case-insensitive. */
  q?: string;
  transport?: Transport;
  eventType?: string;
}

export interface NewEvent {
  type: string;
  payload: JsonObject;
  channels?: string[];
}

export interface BatchEvent extends NewEvent {
  idempotencyKey?: string;
}

export interface AcceptedEvent {
  id: string;
  type: string;
  createdAt: string;
}

export interface DeliveryCounts {
  total: number;
  succeeded: number;
  failed: number;
  pending: number;
  cancelled?: number;
}

export interface EventStatus {
  id: string;
  type: string;
  payload: JsonObject;
  channels: string[];
  createdAt: string;
  /** `matched` once the matcher processed it, whatever it matched. */
  status: 'pending' | 'matched';
  deliveries: DeliveryCounts;
}

/** What `events.publish(…, { waitForFanOut })` returns: how the fan-out went, like a publication report. */
export interface PublicationReport {
  id: string;
  total: number;
  succeeded: number;
  failed: number;
  pending: number;
  /** False when the wait timed out before the event was matched and every delivery finished. */
  settled: boolean;
}

export interface Delivery {
  id: string;
  eventId: string;
  subscriptionId: string;
  transport?: Transport;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastResponseStatus: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface Attempt {
  id: string;
  deliveryId: string;
  attemptNumber: number;
  startedAt: string;
  durationMs: number;
  /** Null on a network error. */
  responseStatus: number | null;
  /** The first 1 KiB. */
  responseBody: string | null;
  error: string | null;
}

export interface DeliveryWithAttempts extends Delivery {
  attempts: Attempt[];
}

export interface ListDeliveriesQuery extends PageQuery {
  status?: DeliveryStatus;
}

export interface PulledMessage {
  /** The delivery id: the same on every redelivery; ack with it. */
  id: string;
  eventId: string;
  type: string;
  data: JsonObject;
  channels?: string[];
  createdAt: string;
  deliveryAttempt: number;
}

export interface AckResult {
  acked: number;
  /** Ids that were not pending (already acked, unknown, or of another subscription). */
  failures: string[];
}

export interface NewNotification {
  user: string;
  type: string;
  message: string;
  meta?: JsonObject;
}

export interface Notification {
  id: string;
  type: string;
  message: string;
  meta: JsonObject | null;
  /** Epoch milliseconds. */
  ts: number;
  read: boolean;
}

export interface NotificationPage {
  itemsInTotal: number;
  itemsPerPage: number;
  pageNumber: number;
  items: Notification[];
}

export interface ListNotificationsQuery {
  type?: string;
  /** Epoch milliseconds. */
  since?: number;
  unread?: boolean;
  itemsPerPage?: number;
  /** 0-based. */
  page?: number;
}

export interface Failures {
  failures: unknown[];
}

export interface UserToken {
  token: string;
  expiresAt: string;
}

export interface RotateSecretOptions {
  /** How long the old secret keeps signing next to the new one: 0 = stops at once; default 86400, at most 604800. */
  expireOldAfterSeconds?: number;
}

export interface SendTest {
  /** Default `notify.test`. */
  type?: string;
  payload?: JsonObject;
}

export interface TestResult {
  /** The receiver's HTTP status; null when no answer came. */
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
  eventId: string;
  deliveryId: string;
}

export interface EventTypeFields {
  description?: string;
  /** JSON Schema (draft 2020-12) every payload of the type must match; null or absent = free-form. */
  schema?: JsonObject | null;
}

export interface EventType {
  name: string;
  description: string;
  schema: JsonObject | null;
  createdAt: string;
  updatedAt: string;
}

/** Payloads of the events the platform publishes itself (types starting with `notify.`). */
export interface SubscriptionDisabledEvent {
  subscriptionId: string;
  reason: string;
  disabledAt: string;
}

export interface DeliveryFailedEvent {
  deliveryId: string;
  eventId: string;
  subscriptionId: string;
  attemptCount: number;
  lastResponseStatus: number | null;
}
