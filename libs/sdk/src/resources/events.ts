import { randomId, sleep } from '../backoff';
import type * as Api from '../generated/api-types';
import { HttpTransport } from '../http';
import { AcceptedEvent, BatchEvent, Delivery, EventStatus, NewEvent, Page, PageQuery, PublicationReport } from '../types';

export interface PublishOptions {
  /** Same key within 24 h = same event, nothing new published. A random UUID by default, so retries are safe. */
  idempotencyKey?: string;
  /** Wait until the matcher processed the event and no delivery is pending (or the timeout passes). */
  waitForFanOut?: { timeoutMs?: number; pollIntervalMs?: number };
  signal?: AbortSignal;
}

export class EventsResource {
  constructor(private readonly http: HttpTransport) {}

  publish(event: NewEvent, options: PublishOptions & { waitForFanOut: NonNullable<PublishOptions['waitForFanOut']> }): Promise<PublicationReport>;
  publish(event: NewEvent, options?: PublishOptions): Promise<AcceptedEvent>;
  async publish(event: NewEvent, options: PublishOptions = {}): Promise<AcceptedEvent | PublicationReport> {
    const headers = { 'idempotency-key': options.idempotencyKey ?? randomId() };
    const { body } = await this.http.request<AcceptedEvent>('POST', '/v1/events', { body: event, headers, retry: true, signal: options.signal });
    if (!options.waitForFanOut) return body;
    return this.waitForFanOut(body.id, options.waitForFanOut, options.signal);
  }

  /** Up to 1000 events; ids come back in input order. Each item gets an idempotency key unless it has one, so a retry is safe. */
  async publishBatch(events: BatchEvent[], options: { signal?: AbortSignal } = {}): Promise<string[]> {
    const body = { events: events.map((e) => ({ ...e, idempotencyKey: e.idempotencyKey ?? randomId() })) };
    return (await this.http.request<Api.AcceptedBatchResponse>('POST', '/v1/events/batch', { body, retry: true, signal: options.signal })).body.ids;
  }

  async get(id: string): Promise<EventStatus> {
    return (await this.http.request<EventStatus>('GET', `/v1/events/${encodeURIComponent(id)}`)).body;
  }

  async deliveries(id: string, query: PageQuery = {}): Promise<Page<Delivery>> {
    return (await this.http.request<Api.DeliveryPageResponse>('GET', `/v1/events/${encodeURIComponent(id)}/deliveries`, { query: { ...query } })).body;
  }

  /**
   * Polls the event until it is matched with nothing pending. Pull and websocket deliveries stay pending until
   * their consumer acks, so with such subscriptions this may well end by timeout, with `settled: false`.
   */
  async waitForFanOut(id: string, options: { timeoutMs?: number; pollIntervalMs?: number } = {}, signal?: AbortSignal): Promise<PublicationReport> {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      const status = await this.get(id);
      const settled = status.status === 'matched' && status.deliveries.pending === 0;
      if (settled || Date.now() >= deadline || signal?.aborted) return reportOf(status, settled);
      await sleep(Math.min(options.pollIntervalMs ?? 250, Math.max(0, deadline - Date.now())), signal);
    }
  }
}

function reportOf(status: EventStatus, settled: boolean): PublicationReport {
  const { total, succeeded, failed, pending } = status.deliveries;
  return { id: status.id, total, succeeded, failed, pending, settled };
}
