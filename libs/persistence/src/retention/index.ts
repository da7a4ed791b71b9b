export * from './partition-days';
export * from './partition-ddl';
export * from './retention-maintenance';
