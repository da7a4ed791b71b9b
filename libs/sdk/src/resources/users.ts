import { HttpTransport } from '../http';
import { UserToken } from '../types';

export class UsersResource {
  constructor(private readonly http: HttpTransport) {}

  /** A short-lived token the end user takes to the inbox API and the WebSocket gateway (default 1 h). */
  async createToken(userId: string, options: { ttlSeconds?: number } = {}): Promise<UserToken> {
    const path = `/v1/users/${encodeURIComponent(userId)}/tokens`;
    return (await this.http.request<UserToken>('POST', path, { body: { ttlSeconds: options.ttlSeconds }, retry: true })).body;
  }
}
