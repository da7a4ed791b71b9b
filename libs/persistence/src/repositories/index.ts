export * from './api-key.repository';
export * from './attempt.repository';
export * from './delivery.repository';
export * from './event.repository';
export * from './subscription.repository';
export * from './tenant.repository';
export * from './system-secret.repository';
export * from './message-lease.repository';
