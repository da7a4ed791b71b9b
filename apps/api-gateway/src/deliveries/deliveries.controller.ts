import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { TenantId } from '../auth/current.decorators';
import { TenantGuard } from '../auth/guards';
import { ParseId } from '../common/id.pipe';
import { PaginationQuery } from '../common/pagination.dto';
import { toDate } from '../common/validators';
import { MAX_RECOVER_PAGE, RecoverDto } from '../subscriptions/dto/subscription.dto';
import { DeliveriesService } from './deliveries.service';
import { ListDeliveriesQuery } from './dto/delivery.dto';

@Controller('v1')
@UseGuards(TenantGuard)
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get('events/:id/deliveries')
  listForEvent(@TenantId() tenantId: string, @Param('id', ParseId) id: string, @Query() page: PaginationQuery) {
    return this.deliveries.listForEvent(tenantId, id, page);
  }

  @Get('subscriptions/:id/deliveries')
  listForSubscription(@TenantId() tenantId: string, @Param('id', ParseId) id: string, @Query() query: ListDeliveriesQuery) {
    return this.deliveries.listForSubscription(tenantId, id, query);
  }

  @Get('deliveries/:id')
  get(@TenantId() tenantId: string, @Param('id', ParseId) id: string) {
    return this.deliveries.get(tenantId, id);
  }

  @Post('deliveries/:id/retry')
  @HttpCode(202)
  retry(@TenantId() tenantId: string, @Param('id', ParseId) id: string) {
    return this.deliveries.retry(tenantId, id);
  }

  @Post('subscriptions/:id/recover')
  @HttpCode(202)
  recover(@TenantId() tenantId: string, @Param('id', ParseId) id: string, @Body() dto: RecoverDto) {
    return this.deliveries.recover(tenantId, id, toDate(dto.since)!, dto.limit ?? MAX_RECOVER_PAGE, dto.cursor);
  }
}
