import { HttpStatus, Type } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthController } from '@app/platform';
import { DeliveriesController } from '../deliveries/deliveries.controller';
import { EventsController } from '../events/events.controller';
import { EventTypesController } from '../event-types/event-types.controller';
import { MeNotificationsController } from '../notifications/me-notifications.controller';
import { NotificationsController } from '../notifications/notifications.controller';
import { PullController } from '../pull/pull.controller';
import { SubscriptionsController } from '../subscriptions/subscriptions.controller';
import { TenantsController } from '../tenants/tenants.controller';
import { UsersController } from '../users/users.controller';
import * as R from './responses.dto';

interface Operation {
  summary: string;
  status: number;
  type?: Type<unknown>;
  /** Further success answers (e.g. the 204 of a long poll that found nothing). */
  also?: { status: number; description: string }[];
  decorators?: MethodDecorator[];
}

/**
 * What each endpoint answers, kept beside the OpenAPI set-up rather than as decorators on the controllers, so a
 * controller stays its one-line methods. A renamed controller method fails the build of the document (see below),
 * so this table cannot silently drift.
 */
const ROUTES: [Type<unknown>, string, Record<string, Operation>][] = [
  [HealthController, 'health', { check: { summary: 'Liveness with Postgres and Redis reachable (503 otherwise)', status: 200, type: R.HealthResponse } }],
  [TenantsController, 'tenants (admin)', {
    create: { summary: 'Create a tenant with its first API key', status: 201, type: R.CreatedTenantResponse },
    createKey: { summary: 'Create another API key for a tenant', status: 201, type: R.CreatedApiKeyResponse },
    deleteKey: { summary: 'Delete an API key; it stops working at once', status: 204 },
  }],
  [UsersController, 'users', {
    issueToken: { summary: 'Mint a user token for one end user (inbox REST and WebSocket)', status: 201, type: R.IssuedTokenResponse },
    revokeTokens: { summary: "Revoke every token minted so far for this user (REST 401, sockets closed 1008); later ones work", status: 204 },
  }],
  [SubscriptionsController, 'subscriptions', {
    create: { summary: 'Create a subscription (webhook, pull or websocket); the answer holds its secret', status: 201, type: R.CreatedSubscriptionResponse },
    list: { summary: 'List subscriptions; q matches name or url, case-insensitive', status: 200, type: R.SubscriptionPageResponse },
    get: { summary: 'Get a subscription', status: 200, type: R.SubscriptionResponse },
    update: { summary: 'Update a subscription partially; isActive: true re-enables a disabled one', status: 200, type: R.SubscriptionResponse },
    delete: { summary: 'Delete a subscription (idempotent: 204 for unknown ids too); pending deliveries are cancelled', status: 204 },
    secret: { summary: "Get the subscription's signing secret", status: 200, type: R.SecretResponse },
    rotateSecret: { summary: 'Replace the signing secret; the old one keeps signing too for expireOldAfterSeconds (default 86400)', status: 200, type: R.SecretResponse },
    sendTest: { summary: 'Send one signed test request to this webhook now; recorded as an event, a delivery and an attempt', status: 200, type: R.SendTestResponse },
  }],
  [EventTypesController, 'event types', {
    put: { summary: 'Create or replace a catalog entry; with a schema, publishes of the type must match it', status: 200, type: R.EventTypeResponse },
    list: { summary: 'The event type catalog, by name', status: 200, type: R.EventTypePageResponse },
    get: { summary: 'One catalog entry', status: 200, type: R.EventTypeResponse },
    delete: { summary: 'Delete a catalog entry (idempotent); the type becomes free-form again', status: 204 },
  }],
  [EventsController, 'events', {
    publish: {
      summary: 'Publish an event (stored in Postgres before the 202)',
      status: 202,
      type: R.AcceptedEventResponse,
      decorators: [ApiHeader({ name: 'idempotency-key', required: false, description: 'The same key within 24 h returns the first event and publishes nothing new (max 256 chars)' })],
    },
    publishBatch: { summary: 'Publish up to 1000 events; ids in input order', status: 202, type: R.AcceptedBatchResponse },
    list: { summary: "The tenant's events, newest first, without payloads; type narrows to one event type", status: 200, type: R.EventPageResponse },
    status: { summary: 'An event with its matching status and delivery counts', status: 200, type: R.EventStatusResponse },
  }],
  [DeliveriesController, 'deliveries', {
    listForEvent: { summary: "An event's deliveries", status: 200, type: R.DeliveryPageResponse },
    listForSubscription: { summary: "A subscription's deliveries", status: 200, type: R.DeliveryPageResponse },
    get: { summary: 'A delivery with every attempt', status: 200, type: R.DeliveryWithAttemptsResponse },
    retry: { summary: 'Run a new attempt now, whatever the status', status: 202, type: R.DeliveryResponse },
    recover: { summary: 'Retry failed deliveries of the subscription since a time, up to 1000 per call; `next` continues', status: 202, type: R.RecoverResponse },
  }],
  [PullController, 'pull', {
    poll: {
      summary: 'Long poll for messages of a pull subscription; each is leased for visibilityTimeout seconds',
      status: 200,
      type: R.PollResponse,
      also: [{ status: 204, description: 'Nothing became ready within `wait` seconds' }],
    },
    ack: { summary: 'Acknowledge messages by id', status: 200, type: R.AckResponse },
  }],
  [NotificationsController, 'notifications', {
    create: { summary: "Create a notification in an end user's inbox", status: 201, type: R.CreatedNotificationResponse },
    createBulk: { summary: 'Create up to 1000 notifications; ids in input order', status: 201, type: R.CreatedNotificationsResponse },
    delete: { summary: 'Delete notifications; the answer lists ids that named none', status: 200, type: R.FailuresResponse },
  }],
  [MeNotificationsController, 'inbox (user token)', {
    list: { summary: "The user's notifications, newest first; pages are 0-based, since and ts are epoch ms", status: 200, type: R.NotificationPageResponse },
    unreadCount: { summary: 'How many are unread', status: 200, type: R.UnreadCountResponse },
    markRead: { summary: 'Mark notifications read (ids as an array or a comma-separated string)', status: 200, type: R.FailuresResponse },
    markAllRead: { summary: 'Mark every notification read', status: 200, type: R.EmptyResponse },
  }],
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
