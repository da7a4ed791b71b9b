export * from './app-config';
export * from './env.schema';
export * from './sample-secrets';
