import { Injectable, Logger } from '@nestjs/common';
import { PubSubChannel } from '@app/contracts';
import { PubSubClient } from '@app/messaging';
import { NewNotification, NotificationRepository, toNotificationView } from '@app/persistence';
import { UserIdentity } from '@app/platform';
import { CreateNotificationDto, ListNotificationsQuery } from './dto/notification.dto';
import { idsOf } from './dto/id-list';
import { EmptyResponse, FailuresResponse, NotificationPageResponse, UnreadCountResponse } from './dto/notification.response';

@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly events: PubSubClient,
  ) {}

  /**
   * Stores first, then publishes on each user's channel so every gateway pushes them live. A lost publish is not an
   * error: the notification is in the inbox and a reconnecting client gets it with `?since=`.
   */
  async create(tenantId: string, items: CreateNotificationDto[]): Promise<string[]> {
    const rows = await this.notifications.insertMany(tenantId, items.map(toNew));
    const pushes = rows.map((row) => this.events.announce(PubSubChannel.userNotifications(tenantId, row.userId), toNotificationView(row)));
    await Promise.all(pushes).catch((error: Error) => this.logger.warn(`${rows.length} notifications stored but not pushed live: ${error.message}`));
    return rows.map((row) => row.id);
  }

  async delete(tenantId: string, given: unknown[] | string): Promise<FailuresResponse> {
    const ids = idsOf(given);
    const deleted = await this.notifications.deleteByIds(tenantId, ids.filter(isString));
    return { failures: ids.filter((id) => !isString(id) || !deleted.has(id.toLowerCase())) };
  }

  async list(user: UserIdentity, query: ListNotificationsQuery): Promise<NotificationPageResponse> {
    const { items, total } = await this.notifications.list(user.tenantId, user.userId, {
      type: query.type,
      since: query.since === undefined ? undefined : new Date(query.since),
      unreadOnly: query.unread === true,
      limit: query.itemsPerPage,
      offset: query.page * query.itemsPerPage,
    });
    return { itemsInTotal: total, itemsPerPage: query.itemsPerPage, pageNumber: query.page, items: items.map(toNotificationView) };
  }

  async markRead(user: UserIdentity, given: unknown[] | string): Promise<FailuresResponse> {
    const ids = idsOf(given);
    const found = await this.notifications.markRead(user.tenantId, user.userId, ids.filter(isString));
    return { failures: ids.filter((id) => !isString(id) || !found.has(id.toLowerCase())) };
  }

  async markAllRead(user: UserIdentity): Promise<EmptyResponse> {
    await this.notifications.markAllRead(user.tenantId, user.userId);
    return {};
  }

  async unreadCount(user: UserIdentity): Promise<UnreadCountResponse> {
    return { count: await this.notifications.countUnread(user.tenantId, user.userId) };
  }
}

function toNew(dto: CreateNotificationDto): NewNotification {
  return { userId: dto.user, type: dto.type, message: dto.message, meta: dto.meta ?? null };
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
