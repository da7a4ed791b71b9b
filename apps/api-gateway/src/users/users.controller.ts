import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiKeyId, TenantId } from '../auth/current.decorators';
import { TenantGuard } from '../auth/guards';
import { ParseUserId } from './user-id.pipe';
import { IssuedTokenResponse } from './issued-token.response';
import { DEFAULT_TOKEN_TTL_SECONDS, IssueTokenDto } from './users.dto';
import { UsersService } from './users.service';

/** Tenants mint short-lived tokens their end users take to the inbox API and the WebSocket gateway. */
@Controller('v1/users')
@UseGuards(TenantGuard)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post(':userId/tokens')
  issueToken(@TenantId() tenantId: string, @ApiKeyId() keyId: string, @Param('userId', ParseUserId) userId: string, @Body() dto: IssueTokenDto): Promise<IssuedTokenResponse> {
    // An explicit null gets past @IsOptional; it means the default, not a token that expires at once.
    return this.users.issueToken(tenantId, keyId, userId, dto.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
  }

  @Post(':userId/tokens/revoke')
  @HttpCode(204)
  revokeTokens(@TenantId() tenantId: string, @Param('userId', ParseUserId) userId: string): Promise<void> {
    return this.users.revokeTokens(tenantId, userId);
  }
}
