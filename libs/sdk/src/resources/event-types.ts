import type * as Api from '../generated/api-types';
import { HttpTransport } from '../http';
import { EventType, EventTypeFields, Page, PageQuery } from '../types';

const path = (name: string) => `/v1/event-types/${encodeURIComponent(name)}`;

/** The tenant's event type catalog: a type with a schema refuses (422) publishes whose payload does not match. */
export class EventTypesResource {
  constructor(private readonly http: HttpTransport) {}

  /** Creates or replaces the entry (fields left out become empty). Retried: putting it twice is the same. */
  async put(name: string, fields: EventTypeFields = {}): Promise<EventType> {
    return (await this.http.request<EventType>('PUT', path(name), { body: fields, retry: true })).body;
  }

  async list(query: PageQuery = {}): Promise<Page<EventType>> {
    return (await this.http.request<Api.EventTypePageResponse>('GET', '/v1/event-types', { query: { ...query } })).body;
  }

  async get(name: string): Promise<EventType> {
    return (await this.http.request<EventType>('GET', path(name))).body;
  }

  /** Idempotent; the type becomes free-form again. */
  async delete(name: string): Promise<void> {
    await this.http.request('DELETE', path(name));
  }
}
