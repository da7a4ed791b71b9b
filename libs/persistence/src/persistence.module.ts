import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import { dataSourceOptions } from './data-source-options';
import {
  ApiKeyRepository, AttemptRepository, DeliveryRepository, EventRepository, EventTypeRepository, FifoLineRepository, MessageLeaseRepository, NotificationRepository,
  SubscriptionRepository, SystemSecretRepository, TenantRepository, TestSendRepository, UserTokenEpochRepository,
} from './repositories';
import { RetentionMaintenance } from './retention';

const REPOSITORIES = [
  TenantRepository, ApiKeyRepository, SubscriptionRepository, EventRepository, DeliveryRepository, AttemptRepository, SystemSecretRepository,
  MessageLeaseRepository, NotificationRepository, UserTokenEpochRepository, EventTypeRepository, TestSendRepository, FifoLineRepository,
  RetentionMaintenance,
];

/** The TypeORM connection and the repositories; never synchronizes: `npm run migrate` (or `npm start`) migrates. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.databaseUrl, 20), retryAttempts: 1000, retryDelay: 2000 }),
    }),
  ],
  providers: REPOSITORIES,
  exports: REPOSITORIES,
})
export class PersistenceModule {}
