import { Injectable } from '@nestjs/common';
import { TokenRevocations, UserTokens } from '@app/platform';
import { IssuedTokenResponse } from './issued-token.response';

/** Tokens carry the minting key and the user's epoch, so deleting the key or revoking the user ends them. */
@Injectable()
export class UsersService {
  constructor(private readonly tokens: UserTokens, private readonly revocations: TokenRevocations) {}

  async issueToken(tenantId: string, keyId: string, userId: string, ttlSeconds: number): Promise<IssuedTokenResponse> {
    const epoch = await this.revocations.epochForMinting(tenantId, userId);
    return this.tokens.issue({ tenantId, userId, keyId, epoch }, ttlSeconds);
  }

  revokeTokens(tenantId: string, userId: string): Promise<void> {
    return this.revocations.revokeUser(tenantId, userId);
  }
}
