import { ApiProperty } from '@nestjs/swagger';
import { NotificationResponse } from '@app/contracts';

export class CreatedNotificationResponse {
  id: string;
}

export class CreatedNotificationsResponse {
  /** In input order. */
  ids: string[];
}

export class FailuresResponse {
  /** Every given id that names no notification, as given. */
  @ApiProperty({ type: 'array', items: {} })
  failures: unknown[];
}

export class NotificationPageResponse {
  itemsInTotal: number;
  itemsPerPage: number;
  /** 0-based. */
  pageNumber: number;
  /** Newest first. */
  items: NotificationResponse[];
}

export class UnreadCountResponse {
  count: number;
}

export class EmptyResponse {}
