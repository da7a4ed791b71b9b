import {
  ApiKeyCreatedMessage, ApiKeyRevokedMessage, AppEvent, AppEventName, AppEventPayloads, EventTypeChangedMessage, MessagesReadyMessage, SubscriptionChangedMessage,
  TenantEventMessage, UserNotificationMessage, UserTokensRevokedMessage, WsTakeoverMessage,
} from './channels';

/** Checks the shape of a parsed pub/sub message before any handler sees it. */
export type MessageGuard<T> = (data: unknown) => data is T;

type Fields = Record<string, unknown>;
const isObject = (data: unknown): data is Fields => typeof data === 'object' && data !== null && !Array.isArray(data);
const hasStrings = (data: unknown, ...keys: string[]): boolean => isObject(data) && keys.every((key) => typeof data[key] === 'string');

export const isSubscriptionChangedMessage = (data: unknown): data is SubscriptionChangedMessage =>
  hasStrings(data, 'tenantId', 'subscriptionId');
export const isApiKeyRevokedMessage = (data: unknown): data is ApiKeyRevokedMessage =>
  hasStrings(data, 'keyHash');
export const isApiKeyCreatedMessage = (data: unknown): data is ApiKeyCreatedMessage =>
  hasStrings(data, 'keyHash');
export const isUserTokensRevokedMessage = (data: unknown): data is UserTokensRevokedMessage =>
  hasStrings(data, 'tenantId', 'userId') && Number.isInteger((data as Fields).epoch);
export const isWsTakeoverMessage = (data: unknown): data is WsTakeoverMessage =>
  hasStrings(data, 'subscriptionId') && Number.isInteger((data as Fields).generation);
export const isMessagesReadyMessage = (data: unknown): data is MessagesReadyMessage =>
  hasStrings(data, 'subscriptionId');
export const isUserNotificationMessage = (data: unknown): data is UserNotificationMessage =>
  hasStrings(data, 'id');
export const isTenantEventMessage = (data: unknown): data is TenantEventMessage =>
  hasStrings(data, 'id', 'type', 'createdAt') && Array.isArray((data as Fields).channels);

export const isEventTypeChangedMessage = (data: unknown): data is EventTypeChangedMessage =>
  hasStrings(data, 'tenantId', 'name');

export const appEventGuards: { [P in AppEventName]: MessageGuard<AppEventPayloads[P]> } = {
  [AppEvent.subscriptionChanged]: isSubscriptionChangedMessage,
  [AppEvent.apiKeyRevoked]: isApiKeyRevokedMessage,
  [AppEvent.wsTakeover]: isWsTakeoverMessage,
  [AppEvent.apiKeyCreated]: isApiKeyCreatedMessage,
  [AppEvent.userTokensRevoked]: isUserTokensRevokedMessage,
  [AppEvent.eventTypeChanged]: isEventTypeChangedMessage,
};
