import { Injectable } from '@nestjs/common';
import { ApiKeyCache, KeyOwner, UserIdentity, UserTokens } from '@app/platform';
import { looksLikeJwt } from './credentials';

export type Principal = { kind: 'user'; identity: UserIdentity } | ({ kind: 'tenant' } & KeyOwner);

/** Who a credential belongs to: a user token's end user, or an API key's tenant (cached, evicted on delete). */
@Injectable()
export class CredentialResolver {
  constructor(
    private readonly keys: ApiKeyCache,
    private readonly tokens: UserTokens,
  ) {}

  onKeyRevoked(listener: (keyHash: string) => void): void {
    this.keys.onRevoked(listener);
  }

  async resolve(credential: string): Promise<Principal | undefined> {
    if (looksLikeJwt(credential)) {
      const identity = this.tokens.verify(credential);
      return identity && { kind: 'user', identity };
    }
    const owner = await this.keys.ownerOf(credential);
    return owner && { kind: 'tenant', ...owner };
  }
}
