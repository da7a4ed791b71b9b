import { HttpStatus, Type } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthController, HealthResponse } from '@app/platform';
import { DeliveriesController } from '../deliveries/deliveries.controller';
import { EventsController } from '../events/events.controller';
import { EventTypesController } from '../event-types/event-types.controller';
import { MeNotificationsController } from '../notifications/me-notifications.controller';
import { NotificationsController } from '../notifications/notifications.controller';
import { PullController } from '../pull/pull.controller';
import { SubscriptionsController } from '../subscriptions/subscriptions.controller';
import { TenantsController } from '../tenants/tenants.controller';
import { UsersController } from '../users/users.controller';
import { DeliveryPageResponse, DeliveryResponse, DeliveryWithAttemptsResponse, RecoverResponse } from '../deliveries/dto/delivery.response';
import { EventTypePageResponse, EventTypeResponse } from '../event-types/dto/event-type.response';
import { AcceptedBatchResponse, AcceptedEventResponse, EventPageResponse, EventStatusResponse } from '../events/dto/event.response';
import {
  CreatedNotificationResponse,
  CreatedNotificationsResponse,
  EmptyResponse,
  FailuresResponse,
  NotificationPageResponse,
  UnreadCountResponse,
} from '../notifications/dto/notification.response';
import { AckResponse, PollResponse } from '../pull/dto/pull.response';
import { SendTestResponse } from '../subscriptions/dto/send-test.response';
import { CreatedSubscriptionResponse, SecretResponse, SubscriptionPageResponse, SubscriptionResponse } from '../subscriptions/dto/subscription.response';
import { CreatedApiKeyResponse, CreatedTenantResponse } from '../tenants/tenant.response';
import { IssuedTokenResponse } from '../users/issued-token.response';

interface Operation {
  summary: string;
  status: number;
  type?: Type<unknown>;
  /** Further success answers (e.g. the 204 of a long poll that found nothing). */
  also?: { status: number; description: string }[];
  decorators?: MethodDecorator[];
}

type Route = [Type<unknown>, string, Record<string, Operation>];
type Answer<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The documented class must be exactly what the method returns; a method writing its own response (void) is free. */
type Documented<F, O> = O extends { type: Type<infer T> } ? ([Answer<F>] extends [void] ? O : Same<T, Answer<F>> extends true ? O : { type: never }) : O;
type Checked<C, O> = { [K in keyof O]: K extends keyof C ? Documented<C[K], O[K]> : never };

/**
 * One controller's entries, typed so that a method name must exist and the documented class must be what it
 * returns: a service that starts answering another shape fails the typecheck ("not assignable to never") here
 * instead of leaving the document describing the old one.
 */
function route<C, O extends Record<string, Operation>>(controller: Type<C>, tag: string, operations: O & Checked<C, O>): Route {
  return [controller, tag, operations];
}

/**
 * What each endpoint answers, kept beside the OpenAPI set-up rather than as decorators on the controllers, so a
 * controller stays its one-line methods. A renamed controller method fails the typecheck and the build of the
 * document (see below), so this table cannot silently drift.
 */
const ROUTES: Route[] = [
  route(HealthController, 'health', { check: { summary: 'Liveness with Postgres and Redis reachable (503 otherwise)', status: 200, type: HealthResponse } }),
  route(TenantsController, 'tenants (admin)', {
    create: { summary: 'Create a tenant with its first API key', status: 201, type: CreatedTenantResponse },
    createKey: { summary: 'Create another API key for a tenant', status: 201, type: CreatedApiKeyResponse },
    deleteKey: { summary: 'Delete an API key; it stops working at once', status: 204 },
  }),
  route(UsersController, 'users', {
    issueToken: { summary: 'Mint a user token for one end user (inbox REST and WebSocket)', status: 201, type: IssuedTokenResponse },
    revokeTokens: { summary: "Revoke every token minted so far for this user (REST 401, sockets closed 1008); later ones work", status: 204 },
  }),
  route(SubscriptionsController, 'subscriptions', {
    create: { summary: 'Create a subscription (webhook, pull or websocket); the answer holds its secret', status: 201, type: CreatedSubscriptionResponse },
    list: { summary: 'List subscriptions; q matches name or url, case-insensitive', status: 200, type: SubscriptionPageResponse },
    get: { summary: 'Get a subscription', status: 200, type: SubscriptionResponse },
    update: { summary: 'Update a subscription partially; isActive: true re-enables a disabled one', status: 200, type: SubscriptionResponse },
    delete: { summary: 'Delete a subscription (idempotent: 204 for unknown ids too); pending deliveries are cancelled', status: 204 },
    secret: { summary: "Get the subscription's signing secret", status: 200, type: SecretResponse },
    rotateSecret: { summary: 'Replace the signing secret; the old one keeps signing too for expireOldAfterSeconds (default 86400)', status: 200, type: SecretResponse },
    sendTest: { summary: 'Send one signed test request to this webhook now; recorded as an event, a delivery and an attempt', status: 200, type: SendTestResponse },
  }),
  route(EventTypesController, 'event types', {
    put: { summary: 'Create or replace a catalog entry; with a schema, publishes of the type must match it', status: 200, type: EventTypeResponse },
    list: { summary: 'The event type catalog, by name', status: 200, type: EventTypePageResponse },
    get: { summary: 'One catalog entry', status: 200, type: EventTypeResponse },
    delete: { summary: 'Delete a catalog entry (idempotent); the type becomes free-form again', status: 204 },
  }),
  route(EventsController, 'events', {
    publish: {
      summary: 'Publish an event (stored in Postgres before the 202)',
      status: 202,
      type: AcceptedEventResponse,
      decorators: [ApiHeader({ name: 'idempotency-key', required: false, description: 'The same key within 24 h returns the first event and publishes nothing new (max 256 chars)' })],
    },
    publishBatch: { summary: 'Publish up to 1000 events; ids in input order', status: 202, type: AcceptedBatchResponse },
    list: { summary: "The tenant's events, newest first, without payloads; type narrows to one event type", status: 200, type: EventPageResponse },
    status: { summary: 'An event with its matching status and delivery counts', status: 200, type: EventStatusResponse },
  }),
  route(DeliveriesController, 'deliveries', {
    listForEvent: { summary: "An event's deliveries", status: 200, type: DeliveryPageResponse },
    listForSubscription: { summary: "A subscription's deliveries", status: 200, type: DeliveryPageResponse },
    get: { summary: 'A delivery with every attempt', status: 200, type: DeliveryWithAttemptsResponse },
    retry: { summary: 'Run a new attempt now, whatever the status', status: 202, type: DeliveryResponse },
    recover: { summary: 'Retry failed deliveries of the subscription since a time, up to 1000 per call; `next` continues', status: 202, type: RecoverResponse },
  }),
  route(PullController, 'pull', {
    poll: {
      summary: 'Long poll for messages of a pull subscription; each is leased for visibilityTimeout seconds',
      status: 200,
      type: PollResponse,
      also: [{ status: 204, description: 'Nothing became ready within `wait` seconds' }],
    },
    ack: { summary: 'Acknowledge messages by id', status: 200, type: AckResponse },
  }),
  route(NotificationsController, 'notifications', {
    create: { summary: "Create a notification in an end user's inbox", status: 201, type: CreatedNotificationResponse },
    createBulk: { summary: 'Create up to 1000 notifications; ids in input order', status: 201, type: CreatedNotificationsResponse },
    delete: { summary: 'Delete notifications; the answer lists ids that named none', status: 200, type: FailuresResponse },
  }),
  route(MeNotificationsController, 'inbox (user token)', {
    list: { summary: "The user's notifications, newest first; pages are 0-based, since and ts are epoch ms", status: 200, type: NotificationPageResponse },
    unreadCount: { summary: 'How many are unread', status: 200, type: UnreadCountResponse },
    markRead: { summary: 'Mark notifications read (ids as an array or a comma-separated string)', status: 200, type: FailuresResponse },
    markAllRead: { summary: 'Mark every notification read', status: 200, type: EmptyResponse },
  }),
];

let applied = false;

/** Applies the table's decorators once (decorators are plain functions; applying them late is the same as early). */
export function describeRoutes(): void {
  if (applied) return;
  applied = true;
  for (const [controller, tag, operations] of ROUTES) {
    ApiTags(tag)(controller);
    for (const [method, operation] of Object.entries(operations)) describe(controller, method, operation);
  }
}

function describe(controller: Type<unknown>, method: string, operation: Operation): void {
  const descriptor = Object.getOwnPropertyDescriptor(controller.prototype, method);
  if (!descriptor) throw new Error(`OpenAPI: ${controller.name} has no method ${method}`);
  const decorators: MethodDecorator[] = [
    ApiOperation({ summary: operation.summary }),
    ApiResponse({ status: operation.status, type: operation.type, description: HttpStatus[operation.status] ?? '' }),
    ...(operation.also ?? []).map((a) => ApiResponse(a)),
    ...(operation.decorators ?? []),
  ];
  for (const decorator of decorators) decorator(controller.prototype, method, descriptor);
}
