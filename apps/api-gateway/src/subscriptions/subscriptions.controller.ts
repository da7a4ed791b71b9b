import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { TenantId } from '../auth/current.decorators';
import { TenantGuard } from '../auth/guards';
import { isUuid } from '@app/contracts';
import { ParseId } from '../common/id.pipe';
import { CreateSubscriptionDto, ListSubscriptionsQuery, RotateSecretDto, UpdateSubscriptionDto } from './dto/subscription.dto';
import { SendTestDto } from './dto/send-test.dto';
import { SubscriptionTester } from './subscription-tester';
import { SubscriptionsService } from './subscriptions.service';

@Controller('v1/subscriptions')
@UseGuards(TenantGuard)
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly tester: SubscriptionTester,
  ) {}

  @Post()
  create(@TenantId() tenantId: string, @Body() dto: CreateSubscriptionDto) {
    return this.subscriptions.create(tenantId, dto);
  }

  @Get()
  list(@TenantId() tenantId: string, @Query() query: ListSubscriptionsQuery) {
    return this.subscriptions.list(tenantId, query);
  }

  @Get(':id')
  get(@TenantId() tenantId: string, @Param('id', ParseId) id: string) {
    return this.subscriptions.get(tenantId, id);
  }

  @Patch(':id')
  update(@TenantId() tenantId: string, @Param('id', ParseId) id: string, @Body() dto: UpdateSubscriptionDto) {
    return this.subscriptions.update(tenantId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@TenantId() tenantId: string, @Param('id') id: string): Promise<void> {
    if (isUuid(id)) await this.subscriptions.delete(tenantId, id);
  }

  @Get(':id/secret')
  secret(@TenantId() tenantId: string, @Param('id', ParseId) id: string) {
    return this.subscriptions.secret(tenantId, id);
  }

  @Post(':id/secret/rotate')
  @HttpCode(200)
  rotateSecret(@TenantId() tenantId: string, @Param('id', ParseId) id: string, @Body() dto: RotateSecretDto) {
    return this.subscriptions.rotateSecret(tenantId, id, dto);
  }

  @Post(':id/test')
  @HttpCode(200)
  sendTest(@TenantId() tenantId: string, @Param('id', ParseId) id: string, @Body() dto: SendTestDto) {
    return this.tester.send(tenantId, id, dto);
  }
}
