import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { UserIdentity } from '@app/platform';
import { CurrentUser } from '../auth/current.decorators';
import { UserGuard } from '../auth/guards';
import { IdsDto, ListNotificationsQuery } from './dto/notification.dto';
import { EmptyResponse, FailuresResponse, NotificationPageResponse, UnreadCountResponse } from './dto/notification.response';
import { NotificationsService } from './notifications.service';

/** The end user's side of the inbox, authenticated by a user token. */
@Controller('v1/me/notifications')
@UseGuards(UserGuard)
export class MeNotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(@CurrentUser() user: UserIdentity, @Query() query: ListNotificationsQuery): Promise<NotificationPageResponse> {
    return this.notifications.list(user, query);
  }

  @Get('unread-count')
  unreadCount(@CurrentUser() user: UserIdentity): Promise<UnreadCountResponse> {
    return this.notifications.unreadCount(user);
  }

  @Post('read')
  @HttpCode(200)
  markRead(@CurrentUser() user: UserIdentity, @Body() dto: IdsDto): Promise<FailuresResponse> {
    return this.notifications.markRead(user, dto.ids);
  }

  @Post('read/all')
  @HttpCode(200)
  markAllRead(@CurrentUser() user: UserIdentity): Promise<EmptyResponse> {
    return this.notifications.markAllRead(user);
  }
}
