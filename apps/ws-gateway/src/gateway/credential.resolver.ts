import { Injectable } from '@nestjs/common';
import { ApiKeyCache, KeyOwner, RevocationNotice, TokenRevocations, UserTokenClaims, UserTokens } from '@app/platform';
import { looksLikeJwt } from './credentials';

export type Principal = { kind: 'user'; identity: UserTokenClaims } | ({ kind: 'tenant' } & KeyOwner);

/** Who a credential belongs to: a current user token's end user, or an API key's tenant (cached, evicted on delete). */
@Injectable()
export class CredentialResolver {
  constructor(
    private readonly keys: ApiKeyCache,
    private readonly tokens: UserTokens,
    private readonly revocations: TokenRevocations,
  ) {}

  /** Every deleted key and every revoked user, anywhere in the cluster. */
  onRevoked(listener: (notice: RevocationNotice) => void): void {
    this.revocations.onRevoked(listener);
  }

  async resolve(credential: string): Promise<Principal | undefined> {
    if (looksLikeJwt(credential)) {
      const identity = this.tokens.verify(credential);
      return identity && (await this.revocations.isCurrent(identity)) ? { kind: 'user', identity } : undefined;
    }
    const owner = await this.keys.ownerOf(credential);
    return owner && { kind: 'tenant', ...owner };
  }
}

/** Whether a revocation notice ends the credential a connection was opened with. */
export function isRevokedBy(principal: Principal, notice: RevocationNotice): boolean {
  if (notice.kind === 'key') return principal.kind === 'tenant' ? principal.keyHash === notice.message.keyHash : principal.identity.keyId === notice.message.keyId;
  if (principal.kind !== 'user') return false;
  const { tenantId, userId, epoch } = notice.message;
  return principal.identity.tenantId === tenantId && principal.identity.userId === userId && principal.identity.epoch < epoch;
}
