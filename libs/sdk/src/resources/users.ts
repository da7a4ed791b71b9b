import { HttpTransport } from '../http';
import { UserToken } from '../types';

export class UsersResource {
  constructor(private readonly http: HttpTransport) {}

  /** A short-lived token the end user takes to the inbox API and the WebSocket gateway (default 1 h). */
  async createToken(userId: string, options: { ttlSeconds?: number } = {}): Promise<UserToken> {
    const path = `/v1/users/${encodeURIComponent(userId)}/tokens`;
    return (await this.http.request<UserToken>('POST', path, { body: { ttlSeconds: options.ttlSeconds }, retry: true })).body;
  }

  /**
   * Ends every token minted so far for this user: REST calls with them answer 401 and their WebSocket connections
   * close with 1008. Tokens minted afterwards work. Idempotent, so safe to retry.
   */
  async revokeTokens(userId: string): Promise<void> {
    await this.http.request('POST', `/v1/users/${encodeURIComponent(userId)}/tokens/revoke`, { retry: true });
  }
}
