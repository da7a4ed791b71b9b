import { Injectable, Module } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppConfig } from '@app/config';
import { PersistenceModule, SystemSecretRepository } from '@app/persistence';

export interface UserIdentity {
  tenantId: string;
  userId: string;
}

/** HS256 tokens for one end user of a tenant: `sub` = user id, `tid` = tenant id, `exp`. */
@Injectable()
export class UserTokens {
  constructor(private readonly secret: string) {}

  issue(identity: UserIdentity, ttlSeconds: number, now = Date.now()): { token: string; expiresAt: string } {
    const exp = Math.floor(now / 1000) + ttlSeconds;
    const token = jwt.sign({ sub: identity.userId, tid: identity.tenantId, exp, iat: Math.floor(now / 1000) }, this.secret, { algorithm: 'HS256' });
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** The identity in a valid, unexpired token; undefined for anything else. */
  verify(token: string): UserIdentity | undefined {
    try {
      const claims = jwt.verify(token, this.secret, { algorithms: ['HS256'] });
      if (typeof claims !== 'object' || typeof claims.sub !== 'string' || typeof claims.tid !== 'string' || !claims.exp) return undefined;
      return { userId: claims.sub, tenantId: claims.tid };
    } catch {
      return undefined;
    }
  }
}

/** The signing key comes from USER_TOKEN_SECRET, else one generated once and shared through Postgres. */
async function createUserTokens(config: AppConfig, secrets: SystemSecretRepository): Promise<UserTokens> {
  const secret = config.userTokenSecret ?? (await secrets.getOrCreate('user-token-hs256', randomBytes(48).toString('base64')));
  return new UserTokens(secret);
}

@Module({
  imports: [PersistenceModule],
  providers: [{ provide: UserTokens, inject: [AppConfig, SystemSecretRepository], useFactory: createUserTokens }],
  exports: [UserTokens],
})
export class UserTokensModule {}
