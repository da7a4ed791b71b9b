import { Injectable, Module } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppConfig } from '@app/config';
import { PersistenceModule, SystemSecretRepository } from '@app/persistence';
import { TokenRevocations } from './token-revocations';

export interface UserIdentity {
  tenantId: string;
  userId: string;
}

/** What a valid token says beyond the identity: what must still hold for it to stay valid. */
export interface UserTokenClaims extends UserIdentity {
  /** The API key that minted it (absent in tokens minted before keys were recorded). */
  keyId?: string;
  /** The user's token epoch at minting; revoking the user's tokens advances it. */
  epoch: number;
}

/** HS256 tokens for one end user of a tenant: `sub` = user id, `tid` = tenant id, `exp`, `kid` = minting key id, `ep` = epoch. */
@Injectable()
export class UserTokens {
  constructor(private readonly secret: string) {}

  issue(claims: UserTokenClaims, ttlSeconds: number, now = Date.now()): { token: string; expiresAt: string } {
    const exp = Math.floor(now / 1000) + ttlSeconds;
    const payload = { sub: claims.userId, tid: claims.tenantId, kid: claims.keyId, ep: claims.epoch, exp, iat: Math.floor(now / 1000) };
    const token = jwt.sign(payload, this.secret, { algorithm: 'HS256' });
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** The claims of a well-signed, unexpired token; undefined for anything else. Revocation is TokenRevocations' call. */
  verify(token: string): UserTokenClaims | undefined {
    try {
      const claims = jwt.verify(token, this.secret, { algorithms: ['HS256'] });
      if (typeof claims !== 'object' || typeof claims.sub !== 'string' || typeof claims.tid !== 'string' || !claims.exp) return undefined;
      const keyId = typeof claims.kid === 'string' ? claims.kid : undefined;
      const epoch = Number.isInteger(claims.ep) ? (claims.ep as number) : 0;
      return { userId: claims.sub, tenantId: claims.tid, keyId, epoch };
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
  providers: [{ provide: UserTokens, inject: [AppConfig, SystemSecretRepository], useFactory: createUserTokens }, TokenRevocations],
  exports: [UserTokens, TokenRevocations],
})
export class UserTokensModule {}
