export { NotifyClient, defaultWsUrl } from './client';
export type { NotifyClientOptions } from './client';
export { NotifyInbox } from './inbox';
export type { NotifyInboxOptions } from './inbox';
export { PullConsumer } from './pull';
export type { PollOptions, ConsumeOptions } from './pull';
export { connect, NotifyConnection } from './realtime';
export type { ConnectOptions, CloseInfo, EventFrame, NotificationFrame, RealtimeMessage, WebSocketClass } from './realtime';
export { verifyWebhook, sign as signWebhook } from './webhooks';
export type { VerifyOptions, WebhookHeaders } from './webhooks';
export type { PublishOptions } from './resources/events';
export type { FetchLike } from './http';
export {
  NotifyApiError,
  InvalidCredentialsError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  ValidationError,
  RateLimitedError,
  NotifyConnectionError,
  WebhookVerificationError,
} from './errors';
export type * from './types';
