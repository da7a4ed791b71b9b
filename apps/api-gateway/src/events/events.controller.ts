import type { EventOrigin } from '@app/contracts';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, UnprocessableEntityException, UseGuards } from '@nestjs/common';
import { TenantId } from '../auth/current.decorators';
import { TenantGuard } from '../auth/guards';
import { ParseId } from '../common/id.pipe';
import { MAX_NAME_LENGTH } from '../common/validators';
import { AcceptedBatchResponse, AcceptedEventResponse } from './dto/event.response';
import { ListEventsQuery } from './dto/list-events.dto';
import { PublishBatchDto, PublishEventDto } from './dto/publish-event.dto';
import { EventsService } from './events.service';
import { RequestOrigin } from './request-origin.decorator';

@Controller('v1/events')
@UseGuards(TenantGuard)
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @HttpCode(202)
  async publish(
    @TenantId() tenantId: string,
    @Body() dto: PublishEventDto,
    @RequestOrigin() origin: EventOrigin,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AcceptedEventResponse> {
    const [event] = await this.events.publish(tenantId, [{ ...dto, channels: dto.channels ?? [], idempotencyKey: checkedKey(idempotencyKey) }], origin);
    return { id: event.id, type: event.type, createdAt: event.createdAt };
  }

  @Post('batch')
  @HttpCode(202)
  async publishBatch(@TenantId() tenantId: string, @Body() dto: PublishBatchDto, @RequestOrigin() origin: EventOrigin): Promise<AcceptedBatchResponse> {
    const events = await this.events.publish(tenantId, dto.events.map((e) => ({ ...e, channels: e.channels ?? [] })), origin, true);
    return { ids: events.map((e) => e.id) };
  }

  @Get()
  list(@TenantId() tenantId: string, @Query() query: ListEventsQuery) {
    return this.events.list(tenantId, query);
  }

  @Get(':id')
  status(@TenantId() tenantId: string, @Param('id', ParseId) id: string) {
    return this.events.status(tenantId, id);
  }
}

function checkedKey(key: string | undefined): string | undefined {
  if (key === undefined || key === '') return undefined;
  if (key.length > MAX_NAME_LENGTH) throw new UnprocessableEntityException([`Idempotency-Key must be at most ${MAX_NAME_LENGTH} characters`]);
  return key;
}
