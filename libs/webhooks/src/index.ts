export * from './guarded-lookup';
export * from './origin-gate';
export * from './response-body';
export * from './webhook-request';
export * from './webhook-sender';
export * from './attempt-outcome';
export * from './delivery-tls';
