import type { PublishedEvent } from './queues';

/** Redis pub/sub channels shared by the apps. These names are the wire: never rename one. */
export const PubSubChannel = {
  /** A subscription of this tenant was created, changed or deleted; payload: SubscriptionChangedMessage. */
  subscriptionChanged: 'notify:subscription-changed',
  /** An API key was deleted; payload: ApiKeyRevokedMessage. */
  apiKeyRevoked: 'notify:api-key-revoked',
  /** An entry of this tenant's event type catalog was created, changed or deleted; payload: EventTypeChangedMessage. */
  eventTypeChanged: 'notify:event-type-changed',
  /** ws-gateway internal: a newer connection owns a durable subscription; payload: WsTakeoverMessage. */
  wsTakeover: 'notify:ws-takeover',
  /** An API key was created; payload: {keyHash}. Gateways drop it from their caches of unknown keys. */
  apiKeyCreated: 'notify:api-key-created',
  /** Every token of one end user minted so far stopped working; payload: UserTokensRevokedMessage. */
  userTokensRevoked: 'notify:user-tokens-revoked',
  /** Every accepted event of a tenant, for WebSocket firehoses; payload: TenantEventMessage. */
  tenantEvents: (tenantId: string) => `notify:events:${tenantId}`,
  /** In-app notification created for a user; payload: UserNotificationMessage. */
  userNotifications: (tenantId: string, userId: string) => `notify:user:${tenantId}:${userId}`,
  /** New messages are ready on a pull or websocket subscription; payload: MessagesReadyMessage. */
  subscriptionMessages: (subscriptionId: string) => `notify:sub-messages:${subscriptionId}`,
};

/**
 * App-wide events: every process of an app that cares handles them with `@EventPattern(AppEvent.x)`. The
 * per-tenant, per-user and per-subscription channels above are subscribed at run time instead.
 */
export const AppEvent = {
  subscriptionChanged: 'notify:subscription-changed',
  apiKeyRevoked: 'notify:api-key-revoked',
  wsTakeover: 'notify:ws-takeover',
  apiKeyCreated: 'notify:api-key-created',
  userTokensRevoked: 'notify:user-tokens-revoked',
  eventTypeChanged: 'notify:event-type-changed',
} as const satisfies Partial<Record<keyof typeof PubSubChannel, string>>;

export type AppEventName = (typeof AppEvent)[keyof typeof AppEvent];

export interface ApiKeyCreatedMessage {
  keyHash: string;
}

export interface UserTokensRevokedMessage {
  tenantId: string;
  userId: string;
  /** Tokens minted before this epoch are invalid. */
  epoch: number;
}

export interface SubscriptionChangedMessage {
  tenantId: string;
  subscriptionId: string;
}

export interface EventTypeChangedMessage {
  tenantId: string;
  name: string;
}

export interface ApiKeyRevokedMessage {
  keyHash: string;
  /** Lets gateways end the user tokens this key minted. */
  keyId?: string;
}

/** Connection `generation` now owns `subscriptionId`: every gateway closes its older connections on it. */
export interface WsTakeoverMessage {
  subscriptionId: string;
  generation: number;
}

export interface MessagesReadyMessage {
  subscriptionId: string;
}

/** A firehose message is the published event itself. */
export type TenantEventMessage = PublishedEvent;

/** The notification as the inbox API shows it; only its id matters to the gateway, which forwards it as is. */
export interface UserNotificationMessage {
  id: string;
  [field: string]: unknown;
}

export interface AppEventPayloads {
  [AppEvent.subscriptionChanged]: SubscriptionChangedMessage;
  [AppEvent.apiKeyRevoked]: ApiKeyRevokedMessage;
  [AppEvent.wsTakeover]: WsTakeoverMessage;
  [AppEvent.apiKeyCreated]: ApiKeyCreatedMessage;
  [AppEvent.userTokensRevoked]: UserTokensRevokedMessage;
  [AppEvent.eventTypeChanged]: EventTypeChangedMessage;
}
