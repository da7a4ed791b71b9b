export * from './http-metrics';
export * from './log-options';
export * from './metrics-auth';
export * from './observability.module';
export * from './trace-context';
export * from './tracing';
