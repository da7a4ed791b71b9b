import { ApiProperty } from '@nestjs/swagger';
import { SubscriptionEntity } from '@app/persistence';

/**
 * A subscription on the wire: the one declaration the services return, the OpenAPI document describes (the swagger
 * plugin reads these types and comments) and the SDK's types are generated from (scripts/sdk-types.js).
 */
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

/** Field by field, so a column added to the entity (a secret, a tenant id) never reaches the wire unnoticed. */
export function toSubscriptionResponse(s: SubscriptionEntity): SubscriptionResponse {
  return {
    id: s.id,
    name: s.name,
    transport: s.transport,
    url: s.url,
    httpMethod: s.httpMethod,
    headers: s.headers,
    eventTypes: s.eventTypes,
    channels: s.channels,
    filter: s.filter,
    isActive: s.isActive,
    status: s.status,
    disabledReason: s.disabledReason,
    visibilityTimeout: s.visibilityTimeout,
    previousSecretExpiresAt: s.previousSecretExpiresAt,
    rateLimitPerSecond: s.rateLimitPerSecond,
    ordering: s.ordering,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
