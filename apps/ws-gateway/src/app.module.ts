import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { MessagingModule } from '@app/messaging';
import { addressRateLimiterProvider, ApiKeyCache, CredentialEventsController, ConfigModule, HealthController, UserTokensModule } from '@app/platform';
import { ChannelHub } from './gateway/channel-hub';
import { CredentialRevalidator } from './gateway/credential-revalidator';
import { CredentialResolver } from './gateway/credential.resolver';
import { DurableConnections } from './gateway/durable-connections';
import { GatewayEventsController } from './gateway/gateway-events.controller';
import { FirehoseConnections } from './gateway/firehose-connections';
import { UserConnections } from './gateway/user-connections';
import { WsServer } from './gateway/ws-server';

@Module({
  imports: [ConfigModule, PersistenceModule, MessagingModule, UserTokensModule],
  controllers: [HealthController, CredentialEventsController, GatewayEventsController],
  providers: [addressRateLimiterProvider, ApiKeyCache, ChannelHub, CredentialResolver, CredentialRevalidator, UserConnections, FirehoseConnections, DurableConnections, WsServer],
})
export class AppModule {}
