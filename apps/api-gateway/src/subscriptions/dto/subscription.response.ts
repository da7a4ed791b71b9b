import { SubscriptionEntity } from '@app/persistence';

export type SubscriptionResponse = Omit<SubscriptionEntity, 'tenantId' | 'secret' | 'previousSecret' | 'lastSuccessAt' | 'deletedAt'>;

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
