import { Global, Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { ApiKeyCache, CredentialEventsController, UserTokensModule } from '@app/platform';
import { AdminGuard, CredentialClassifier, TenantGuard, UserGuard } from './guards';

@Global()
@Module({
  imports: [PersistenceModule, UserTokensModule],
  controllers: [CredentialEventsController],
  providers: [ApiKeyCache, CredentialClassifier, AdminGuard, TenantGuard, UserGuard],
  exports: [ApiKeyCache, CredentialClassifier, AdminGuard, TenantGuard, UserGuard, UserTokensModule],
})
export class AuthModule {}
