import { Body, Controller, Param, Post, UseGuards } from '@nestjs/common';
import { UserTokens } from '@app/platform';
import { TenantId } from '../auth/current.decorators';
import { TenantGuard } from '../auth/guards';
import { ParseUserId } from './user-id.pipe';
import { DEFAULT_TOKEN_TTL_SECONDS, IssuedTokenResponse, IssueTokenDto } from './users.dto';

/** Tenants mint short-lived tokens their end users take to the inbox API and the WebSocket gateway. */
@Controller('v1/users')
@UseGuards(TenantGuard)
export class UsersController {
  constructor(private readonly tokens: UserTokens) {}

  @Post(':userId/tokens')
  issueToken(@TenantId() tenantId: string, @Param('userId', ParseUserId) userId: string, @Body() dto: IssueTokenDto): IssuedTokenResponse {
    // An explicit null gets past @IsOptional; it means the default, not a token that expires at once.
    return this.tokens.issue({ tenantId, userId }, dto.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
  }
}
