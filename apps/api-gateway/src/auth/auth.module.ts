import { Global, Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { UserTokensModule } from '@app/platform';
import { ApiKeyResolver } from './api-key.resolver';
import { AdminGuard, CredentialClassifier, TenantGuard, UserGuard } from './guards';

@Global()
@Module({
  imports: [PersistenceModule, UserTokensModule],
  providers: [ApiKeyResolver, CredentialClassifier, AdminGuard, TenantGuard, UserGuard],
  exports: [ApiKeyResolver, CredentialClassifier, AdminGuard, TenantGuard, UserGuard, UserTokensModule],
})
export class AuthModule {}
