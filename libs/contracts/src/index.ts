export * from './queues';
export * from './channels';
export * from './message-guards';
export * from './retry-policy';
export * from './collections';
export * from './ids';
export * from './operational-events';
export * from './pulled-message.response';
