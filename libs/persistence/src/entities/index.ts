import { ApiKeyEntity } from './api-key.entity';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryEntity } from './delivery.entity';
import { EventEntity } from './event.entity';
import { EventTypeEntity } from './event-type.entity';
import { NotificationEntity } from './notification.entity';
import { SubscriptionEntity } from './subscription.entity';
import { SystemSecretEntity } from './system-secret.entity';
import { TenantEntity } from './tenant.entity';

export * from './api-key.entity';
export * from './delivery-attempt.entity';
export * from './delivery.entity';
export * from './event.entity';
export * from './event-type.entity';
export * from './notification.entity';
export * from './subscription.entity';
export * from './system-secret.entity';
export * from './tenant.entity';

export const ENTITIES = [
  TenantEntity,
  ApiKeyEntity,
  SubscriptionEntity,
  EventEntity,
  DeliveryEntity,
  DeliveryAttemptEntity,
  NotificationEntity,
  SystemSecretEntity,
  EventTypeEntity,
];
