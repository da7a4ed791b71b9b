import { ApiProperty } from '@nestjs/swagger';

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

/** Built by toNotificationView (@app/persistence), whose output the ws-gateway pushes too; typed here so tsc checks it. */
export class NotificationResponse {
  id: string;
  type: string;
  message: string;
  meta: Record<string, unknown> | null;
  /** Epoch milliseconds. */
  ts: number;
  read: boolean;
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
