import { Body, Controller, Delete, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { AdminGuard } from '../auth/guards';
import { CreatedApiKeyResponse, CreatedTenantResponse } from './tenant.response';
import { CreateTenantDto } from './tenants.dto';
import { TenantsService } from './tenants.service';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@Controller('v1')
@UseGuards(AdminGuard)
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post('tenants')
  create(@Body() dto: CreateTenantDto): Promise<CreatedTenantResponse> {
    return this.tenants.create(dto.name);
  }

  @Post('tenants/:id/api-keys')
  createKey(@Param('id', uuid) id: string): Promise<CreatedApiKeyResponse> {
    return this.tenants.createKey(id);
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  deleteKey(@Param('id', uuid) id: string): Promise<void> {
    return this.tenants.deleteKey(id);
  }
}
