import { backoffDelay, sleep } from './backoff';
import { NotifyApiError } from './errors';
import type * as Api from './generated/api-types';
import { HttpTransport } from './http';
import { AckResult, PulledMessage } from './types';

export interface PollOptions {
  /** At most this many messages (1–1000, default 100). */
  max?: number;
  /** Seconds to hold the request open when nothing is ready (0–60, default 30). */
  wait?: number;
  signal?: AbortSignal;
}

export interface ConsumeOptions extends PollOptions {
  /** Called when a handler throws; the message is not acked and comes again after its visibility timeout. */
  onError?: (error: unknown, message: PulledMessage) => void;
}

/** A pull subscription: long-poll for messages, ack what you handled; unacked ones come back. */
export class PullConsumer {
  constructor(private readonly http: HttpTransport, readonly subscriptionId: string) {}

  /** One long poll: the messages ready now or within `wait` seconds, else `[]`. */
  async poll(options: PollOptions = {}): Promise<PulledMessage[]> {
    const wait = options.wait ?? 30;
    const { status, body } = await this.http.request<Api.PollResponse | undefined>('GET', this.path('/messages'), {
      query: { max: options.max, wait },
      signal: options.signal,
      extraTimeoutMs: wait * 1000,
    });
    return status === 204 || !body ? [] : body.messages;
  }

  async ack(ids: string[]): Promise<AckResult> {
    // Safe to repeat: an id acked by the first try is reported in `failures` by the second, nothing else changes.
    return (await this.http.request<AckResult>('POST', this.path('/messages/ack'), { body: { ids }, retry: true })).body;
  }

  /**
   * Every message, long-polling forever (until `signal` aborts or the loop is left). You ack. Transient errors
   * (network, 5xx) are retried with backoff; 401/403/404 end the iteration by throwing.
   */
  async *messages(options: PollOptions = {}): AsyncGenerator<PulledMessage, void, undefined> {
    let failures = 0;
    while (!options.signal?.aborted) {
      let batch: PulledMessage[];
      try {
        batch = await this.poll(options);
        failures = 0;
      } catch (error) {
        if (options.signal?.aborted) return;
        if (error instanceof NotifyApiError && error.status < 500) throw error;
        await sleep(backoffDelay(++failures, 500, 30_000), options.signal);
        continue;
      }
      yield* batch;
    }
  }

  /** Runs `handler` for each message and acks it once the handler resolves; resolves when `signal` aborts. */
  async consume(handler: (message: PulledMessage) => unknown | Promise<unknown>, options: ConsumeOptions = {}): Promise<void> {
    for await (const message of this.messages(options)) {
      if (options.signal?.aborted) break; // the rest of the batch comes again after its visibility timeout
      try {
        await handler(message);
      } catch (error) {
        options.onError?.(error, message);
        continue;
      }
      await this.ack([message.id]).catch((error: unknown) => options.onError?.(error, message));
    }
  }

  private path(rest: string): string {
    return `/v1/subscriptions/${encodeURIComponent(this.subscriptionId)}${rest}`;
  }
}
