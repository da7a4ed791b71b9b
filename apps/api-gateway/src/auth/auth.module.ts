import { Global, Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { ApiKeyCache, ApiKeyRevocationController, UserTokensModule } from '@app/platform';
import { AdminGuard, CredentialClassifier, TenantGuard, UserGuard } from './guards';

@Global()
@Module({
  imports: [PersistenceModule, UserTokensModule],
  controllers: [ApiKeyRevocationController],
  providers: [ApiKeyCache, CredentialClassifier, AdminGuard, TenantGuard, UserGuard],
  exports: [ApiKeyCache, CredentialClassifier, AdminGuard, TenantGuard, UserGuard, UserTokensModule],
})
export class AuthModule {}
