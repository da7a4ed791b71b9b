import { Body, Controller, Delete, HttpCode, Post, UseGuards } from '@nestjs/common';
import { TenantId } from '../auth/current.decorators';
import { TenantGuard } from '../auth/guards';
import { BulkNotificationsDto, CreateNotificationDto, IdsDto } from './dto/notification.dto';
import { CreatedNotificationResponse, CreatedNotificationsResponse, FailuresResponse } from './dto/notification.response';
import { NotificationsService } from './notifications.service';

/** The tenant side of the inbox: services create and delete their users' notifications. */
@Controller('v1/notifications')
@UseGuards(TenantGuard)
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Post()
  async create(@TenantId() tenantId: string, @Body() dto: CreateNotificationDto): Promise<CreatedNotificationResponse> {
    return { id: (await this.notifications.create(tenantId, [dto]))[0] };
  }

  @Post('bulk')
  async createBulk(@TenantId() tenantId: string, @Body() dto: BulkNotificationsDto): Promise<CreatedNotificationsResponse> {
    return { ids: await this.notifications.create(tenantId, dto.items) };
  }

  @Delete()
  @HttpCode(200)
  delete(@TenantId() tenantId: string, @Body() dto: IdsDto): Promise<FailuresResponse> {
    return this.notifications.delete(tenantId, dto.ids);
  }
}
