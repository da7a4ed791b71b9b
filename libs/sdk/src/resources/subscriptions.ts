import type * as Api from '../generated/api-types';
import { HttpTransport } from '../http';
import {
  CreatedSubscription, CreateSubscription, Delivery, ListDeliveriesQuery, ListSubscriptionsQuery, Page, RecoverPage, RotateSecretOptions, SendTest,
  Subscription, TestResult, UpdateSubscription,
} from '../types';

const path = (id: string, rest = '') => `/v1/subscriptions/${encodeURIComponent(id)}${rest}`;

export class SubscriptionsResource {
  constructor(private readonly http: HttpTransport) {}

  /** The answer carries `secret` (also readable later with `getSecret`). Not retried: a retry could create two. */
  async create(fields: CreateSubscription): Promise<CreatedSubscription> {
    return (await this.http.request<CreatedSubscription>('POST', '/v1/subscriptions', { body: fields })).body;
  }

  async list(query: ListSubscriptionsQuery = {}): Promise<Page<Subscription>> {
    return (await this.http.request<Api.SubscriptionPageResponse>('GET', '/v1/subscriptions', { query: { ...query } })).body;
  }

  async get(id: string): Promise<Subscription> {
    return (await this.http.request<Subscription>('GET', path(id))).body;
  }

  /** Partial update; `isActive: true` re-enables a disabled subscription. Retried: applying it twice is the same. */
  async update(id: string, fields: UpdateSubscription): Promise<Subscription> {
    return (await this.http.request<Subscription>('PATCH', path(id), { body: fields, retry: true })).body;
  }

  /** Idempotent: resolves for unknown ids too. Pending deliveries to it are cancelled. */
  async delete(id: string): Promise<void> {
    await this.http.request('DELETE', path(id));
  }

  async getSecret(id: string): Promise<string> {
    return (await this.http.request<Api.SecretResponse>('GET', path(id, '/secret'))).body.secret;
  }

  /** Returns the new secret; the old one keeps signing too for `expireOldAfterSeconds` (default a day, 0 = not at all). */
  async rotateSecret(id: string, options: RotateSecretOptions = {}): Promise<string> {
    return (await this.http.request<Api.SecretResponse>('POST', path(id, '/secret/rotate'), { body: options })).body.secret;
  }

  /** Sends one signed test request to this webhook now and answers how the receiver took it (not retried). */
  async sendTest(id: string, test: SendTest = {}): Promise<TestResult> {
    return (await this.http.request<TestResult>('POST', path(id, '/test'), { body: test })).body;
  }

  async deliveries(id: string, query: ListDeliveriesQuery = {}): Promise<Page<Delivery>> {
    return (await this.http.request<Api.DeliveryPageResponse>('GET', path(id, '/deliveries'), { query: { ...query } })).body;
  }

  /**
   * Retries every failed delivery of the subscription since `since`, following the server's pages (at most 1000
   * per call) until none is left; returns how many were queued again in all.
   */
  async recover(id: string, since: Date | string | number): Promise<number> {
    let total = 0;
    let cursor: string | undefined;
    do {
      const page = await this.recoverPage(id, since, { cursor });
      total += page.requeued;
      cursor = page.next ?? undefined;
    } while (cursor);
    return total;
  }

  /** One call of recover: up to `limit` (1000) failed deliveries; pass the answer's `next` as `cursor` to go on. */
  async recoverPage(id: string, since: Date | string | number, options: { cursor?: string; limit?: number } = {}): Promise<RecoverPage> {
    const body = { since: since instanceof Date ? since.toISOString() : since, ...options };
    return (await this.http.request<RecoverPage>('POST', path(id, '/recover'), { body })).body;
  }
}
