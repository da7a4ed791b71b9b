import type * as Api from '../generated/api-types';
import { HttpTransport } from '../http';
import { Failures, NewNotification } from '../types';

/** The tenant side of the in-app inbox: create and delete notifications of your end users. */
export class NotificationsResource {
  constructor(private readonly http: HttpTransport) {}

  async create(notification: NewNotification): Promise<string> {
    return (await this.http.request<Api.CreatedNotificationResponse>('POST', '/v1/notifications', { body: notification })).body.id;
  }

  /** Up to 1000; ids in input order. */
  async createBulk(items: NewNotification[]): Promise<string[]> {
    return (await this.http.request<Api.CreatedNotificationsResponse>('POST', '/v1/notifications/bulk', { body: { items } })).body.ids;
  }

  /** Returns the ids that named no notification of this tenant. */
  async delete(ids: string[]): Promise<unknown[]> {
    return (await this.http.request<Failures>('DELETE', '/v1/notifications', { body: { ids } })).body.failures;
  }
}
