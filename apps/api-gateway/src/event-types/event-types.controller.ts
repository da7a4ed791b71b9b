import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, UseGuards } from '@nestjs/common';
import { TenantId } from '../auth/current.decorators';
import { TenantGuard } from '../auth/guards';
import { PaginationQuery } from '../common/pagination.dto';
import { PutEventTypeDto } from './dto/event-type.dto';
import { ParseEventTypeName } from './event-type-name.pipe';
import { EventTypesService } from './event-types.service';

@Controller('v1/event-types')
@UseGuards(TenantGuard)
export class EventTypesController {
  constructor(private readonly eventTypes: EventTypesService) {}

  @Put(':name')
  put(@TenantId() tenantId: string, @Param('name', ParseEventTypeName) name: string, @Body() dto: PutEventTypeDto) {
    return this.eventTypes.put(tenantId, name, dto);
  }

  @Get()
  list(@TenantId() tenantId: string, @Query() query: PaginationQuery) {
    return this.eventTypes.list(tenantId, query);
  }

  @Get(':name')
  get(@TenantId() tenantId: string, @Param('name', ParseEventTypeName) name: string) {
    return this.eventTypes.get(tenantId, name);
  }

  @Delete(':name')
  @HttpCode(204)
  delete(@TenantId() tenantId: string, @Param('name', ParseEventTypeName) name: string): Promise<void> {
    return this.eventTypes.delete(tenantId, name);
  }
}
