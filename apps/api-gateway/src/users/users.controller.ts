import { Body, Controller, Param, Post, UseGuards } from '@nestjs/common';
import { UserTokens } from '@app/platform';
import { TenantId } from '../auth/current.decorators';
import { TenantGuard } from '../auth/guards';
import { ParseUserId } from './user-id.pipe';
import { IssuedTokenResponse, IssueTokenDto } from './users.dto';

/** Tenants mint short-lived tokens their end users take to the inbox API and the WebSocket gateway. */
@Controller('v1/users')
@UseGuards(TenantGuard)
export class UsersController {
  constructor(private readonly tokens: UserTokens) {}

  @Post(':userId/tokens')
  issueToken(@TenantId() tenantId: string, @Param('userId', ParseUserId) userId: string, @Body() dto: IssueTokenDto): IssuedTokenResponse {
    return this.tokens.issue({ tenantId, userId }, dto.ttlSeconds);
  }
}
