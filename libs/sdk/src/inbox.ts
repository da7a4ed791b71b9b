import type * as Api from './generated/api-types';
import { HttpTransport, TransportOptions } from './http';
import { connect, ConnectOptions, NotifyConnection } from './realtime';
import { Failures, ListNotificationsQuery, NotificationPage } from './types';

export interface NotifyInboxOptions extends Omit<TransportOptions, 'credential'> {
  baseUrl: string;
  /** A user token from `client.users.createToken` (minted by your server). */
  token: string;
  /** `ws(s)://host/v1/ws`; needed for `connect()`. */
  wsUrl?: string;
}

/** The end user's side, safe for browsers: one user's notifications over REST, and live ones over WebSocket. */
export class NotifyInbox {
  private readonly http: HttpTransport;

  constructor(private readonly options: NotifyInboxOptions) {
    if (!options.token) throw new TypeError('token is required');
    this.http = new HttpTransport({ ...options, credential: options.token });
  }

  /** Newest first; pages are 0-based. */
  async list(query: ListNotificationsQuery = {}): Promise<NotificationPage> {
    return (await this.http.request<NotificationPage>('GET', '/v1/me/notifications', { query: { ...query } })).body;
  }

  async unreadCount(): Promise<number> {
    return (await this.http.request<Api.UnreadCountResponse>('GET', '/v1/me/notifications/unread-count')).body.count;
  }

  /** Returns the given ids that name no notification of this user. */
  async markRead(ids: string[]): Promise<unknown[]> {
    return (await this.http.request<Failures>('POST', '/v1/me/notifications/read', { body: { ids }, retry: true })).body.failures;
  }

  async markAllRead(): Promise<void> {
    await this.http.request('POST', '/v1/me/notifications/read/all', { retry: true });
  }

  /** Live notifications; after a reconnect it replays what was missed. */
  connect(options: Partial<Omit<ConnectOptions, 'token' | 'apiKey'>> = {}): NotifyConnection {
    const url = options.url ?? this.options.wsUrl;
    if (!url) throw new TypeError('wsUrl is required to connect');
    return connect({ ...options, url, token: this.options.token });
  }
}
