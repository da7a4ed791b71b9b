/**
 * The wire shape of an in-app notification: inbox list items, the live WebSocket push and the `?since=` replay all
 * send it. Persistence builds it (toNotificationView); declared once here, and the OpenAPI document is generated from
 * it (the file name puts it under the swagger plugin).
 */
export class NotificationResponse {
  id: string;
  type: string;
  message: string;
  meta: Record<string, unknown> | null;
  /** Epoch milliseconds. */
  ts: number;
  read: boolean;
}
