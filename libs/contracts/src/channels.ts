import type { PublishedEvent } from './queues';

/** Redis pub/sub channels shared by the apps. */
export const PubSubChannel = {
  /** A subscription of this tenant was created, changed or deleted; payload: {tenantId, subscriptionId}. */
  subscriptionChanged: 'notify:subscription-changed',
  /** An API key was deleted; payload: ApiKeyRevokedMessage. */
  apiKeyRevoked: 'notify:api-key-revoked',
  /** An API key was created; payload: {keyHash}. Gateways drop it from their caches of unknown keys. */
  apiKeyCreated: 'notify:api-key-created',
  /** Every token of one end user minted so far stopped working; payload: UserTokensRevokedMessage. */
  userTokensRevoked: 'notify:user-tokens-revoked',
  /** Every accepted event of a tenant, for WebSocket firehoses; payload: TenantEventMessage. */
  tenantEvents: (tenantId: string) => `notify:events:${tenantId}`,
  /** In-app notification created for a user; payload: notification JSON. */
  userNotifications: (tenantId: string, userId: string) => `notify:user:${tenantId}:${userId}`,
  /** New messages are ready on a pull or websocket subscription; payload: {subscriptionId}. */
  subscriptionMessages: (subscriptionId: string) => `notify:sub-messages:${subscriptionId}`,
};

export interface ApiKeyRevokedMessage {
  keyHash: string;
  keyId?: string;
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

/** A firehose message is the published event itself. */
export type TenantEventMessage = PublishedEvent;
