import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { TenantId } from '../auth/current.decorators';
import { TenantGuard } from '../auth/guards';
import { ParseId } from '../common/id.pipe';
import { AckDto, PollQuery } from './dto/pull.dto';
import { AckResponse } from './dto/pull.response';
import { PullService } from './pull.service';

@Controller('v1/subscriptions')
@UseGuards(TenantGuard)
export class PullController {
  constructor(private readonly pull: PullService) {}

  /** Writes the response itself: 200 with messages or 204, and it must know whether the client is still there. */
  @Get(':id/messages')
  poll(@TenantId() tenantId: string, @Param('id', ParseId) id: string, @Query() query: PollQuery, @Res() res: FastifyReply): Promise<void> {
    return this.pull.poll(tenantId, id, query, res);
  }

  @Post(':id/messages/ack')
  @HttpCode(200)
  ack(@TenantId() tenantId: string, @Param('id', ParseId) id: string, @Body() dto: AckDto): Promise<AckResponse> {
    return this.pull.ack(tenantId, id, dto.ids);
  }
}
