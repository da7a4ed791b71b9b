import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { PersistenceModule } from '@app/persistence';
import { BullRootModule, MessagingModule } from '@app/messaging';
import { addressRateLimiterProvider, ConfigModule, HealthController } from '@app/platform';
import { AuthModule } from './auth/auth.module';
import { RateLimitInterceptor } from './common/rate-limit.interceptor';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { EventsModule } from './events/events.module';
import { EventTypesModule } from './event-types/event-types.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { TenantsModule } from './tenants/tenants.module';
import { NotificationsModule } from './notifications/notifications.module';
import { UsersModule } from './users/users.module';
import { PullModule } from './pull/pull.module';

@Module({
  imports: [
    ConfigModule,
    PersistenceModule,
    MessagingModule,
    BullRootModule,
    AuthModule,
    TenantsModule,
    SubscriptionsModule,
    EventsModule,
    DeliveriesModule,
    NotificationsModule,
    UsersModule,
    PullModule,
    EventTypesModule,
  ],
  controllers: [HealthController],
  // AddressRateLimiter: main.ts has startHttpApp mount it ahead of body parsing and the guards.
  providers: [{ provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor }, addressRateLimiterProvider],
})
export class AppModule {}
