/**
 * Wire types of the public contract (docs/API.md). Timestamps arrive as ISO-8601 strings. Every response shape is an
 * alias of a type generated from the OpenAPI document (generated/api-types.ts, scripts/sdk-types.js), never written
 * here: the api-gateway's response classes are the one declaration. Request shapes stay hand-written (optional fields,
 * looser inputs such as `since` as a Date).
 */
import type * as Api from './generated/api-types';

export type Transport = Api.SubscriptionResponse['transport'];
export type HttpMethod = Api.SubscriptionResponse['httpMethod'];
export type DeliveryStatus = Api.DeliveryResponse['status'];
export type JsonObject = Record<string, unknown>;

/** A page of a list. Generic for the SDK's signatures; api-types.spec.ts checks it equals each generated page type. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** One call of recover: how many were queued again, and the cursor to continue with (null when done). */
export type RecoverPage = Api.RecoverResponse;

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

export type DeliveryOrdering = Api.SubscriptionResponse['ordering'];

export interface CreateSubscription extends SubscriptionFields {
  transport?: Transport;
}

export type UpdateSubscription = SubscriptionFields;

export type Subscription = Api.SubscriptionResponse;

/** With its `whsec_…` secret: shown here and by `getSecret` only. */
export type CreatedSubscription = Api.CreatedSubscriptionResponse;

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

export type AcceptedEvent = Api.AcceptedEventResponse;

export type DeliveryCounts = Api.DeliveryCountsResponse;

export type EventStatus = Api.EventStatusResponse;

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

export type Delivery = Api.DeliveryResponse;

export type Attempt = Api.AttemptResponse;

export type DeliveryWithAttempts = Api.DeliveryWithAttemptsResponse;

export interface ListDeliveriesQuery extends PageQuery {
  status?: DeliveryStatus;
}

export type PulledMessage = Api.PulledMessageResponse;

export type AckResult = Api.AckResponse;

export interface NewNotification {
  user: string;
  type: string;
  message: string;
  meta?: JsonObject;
}

export type Notification = Api.NotificationResponse;

export type NotificationPage = Api.NotificationPageResponse;

export interface ListNotificationsQuery {
  type?: string;
  /** Epoch milliseconds. */
  since?: number;
  unread?: boolean;
  itemsPerPage?: number;
  /** 0-based. */
  page?: number;
}

export type Failures = Api.FailuresResponse;

export type UserToken = Api.IssuedTokenResponse;

export interface RotateSecretOptions {
  /** How long the old secret keeps signing next to the new one: 0 = stops at once; default 86400, at most 604800. */
  expireOldAfterSeconds?: number;
}

export interface SendTest {
  /** Default `notify.test`. */
  type?: string;
  payload?: JsonObject;
}

export type TestResult = Api.SendTestResponse;

/** The body of every error answer (`NotifyApiError.body` when the API sent one). */
export type ErrorBody = Api.ErrorResponse;

export interface EventTypeFields {
  description?: string;
  /** JSON Schema (draft 2020-12) every payload of the type must match; null or absent = free-form. */
  schema?: JsonObject | null;
}

export type EventType = Api.EventTypeResponse;

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
