import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent, request } from 'undici';
import { AppConfig } from '@app/config';
import { isPrivateLiteralHost } from '@app/platform';
import { AttemptOutcomeLabel } from './attempt-outcome';
import { loadDeliveryTls } from './delivery-tls';
import { privateAddressRefusingLookup, PrivateTargetError } from './guarded-lookup';
import { OriginGate } from './origin-gate';
import { readRecordedPrefix, storableString } from './response-body';
import { WebhookRequest } from './webhook-request';

export interface SendResult {
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  /** What kind of result this was, for metrics; not recorded with the attempt. */
  outcome: AttemptOutcomeLabel;
}

/** Keep-alive sockets per origin; more concurrent requests to one origin wait in the OriginGate. */
const CONNECTIONS_PER_ORIGIN = 128;
/** Requests in flight over all origins: with idle sockets closed after IDLE_SOCKET_MS, this bounds open sockets. */
const MAX_SOCKETS = 2048;
const IDLE_SOCKET_MS = 10_000;
/** A receiver's name must resolve within this, or the try fails as a network error. */
const DNS_TIMEOUT_MS = 3000;

/** Sends webhook requests over keep-alive connection pools (one per origin, inside one undici Agent). */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly agent: Agent;
  private readonly gate = new OriginGate(CONNECTIONS_PER_ORIGIN, MAX_SOCKETS);

  constructor(private readonly config: AppConfig) {
    this.agent = new Agent({
      keepAliveTimeout: IDLE_SOCKET_MS,
      connections: CONNECTIONS_PER_ORIGIN,
      // The client certificate and extra CAs apply to HTTPS origins; plain HTTP ignores them.
      connect: { ...loadDeliveryTls(config), ...(config.allowPrivateTargets ? {} : { lookup: privateAddressRefusingLookup(DNS_TIMEOUT_MS) }) },
    });
  }

  /** One try; its deadline (DELIVERY_TIMEOUT_MS) starts when it gets a connection slot, not while it waits for one. */
  async send(webhook: WebhookRequest): Promise<SendResult> {
    const url = new URL(webhook.url);
    if (!this.config.allowPrivateTargets && isPrivateLiteralHost(url.hostname)) {
      return { responseStatus: null, responseBody: null, error: 'target is a private or loopback address', durationMs: 0, outcome: 'refused' };
    }
    const leave = await this.gate.enter(url.origin, this.config.deliveryTimeoutMs);
    if (!leave) {
      const error = `not sent: no connection slot (${CONNECTIONS_PER_ORIGIN} per origin, ${MAX_SOCKETS} in all) came free within ${this.config.deliveryTimeoutMs} ms`;
      return { responseStatus: null, responseBody: null, error, durationMs: 0, outcome: 'timeout' };
    }
    try {
      return await this.sendNow(webhook);
    } finally {
      leave();
    }
  }

  private async sendNow(webhook: WebhookRequest): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const deadline = AbortSignal.timeout(this.config.deliveryTimeoutMs);
    try {
      const response = await request(webhook.url, {
        method: webhook.method,
        headers: webhook.headers,
        body: webhook.body,
        dispatcher: this.agent,
        signal: deadline,
      });
      // The status is the receiver's answer; a body cut off after it is noted, not a network failure.
      const { text, cutOff } = await readRecordedPrefix(response.body);
      const error = cutOff ? `response body cut off: ${cutOff}` : null;
      const outcome = response.statusCode >= 200 && response.statusCode < 300 ? 'success' : 'http_error';
      return { responseStatus: response.statusCode, responseBody: text, error, durationMs: elapsed(), outcome };
    } catch (error) {
      return { responseStatus: null, responseBody: null, error: describe(error, this.config.deliveryTimeoutMs), durationMs: elapsed(), outcome: failureKind(error) };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}

function failureKind(error: unknown): AttemptOutcomeLabel {
  const e = error as Error & { cause?: Error };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
  return e instanceof PrivateTargetError || e.cause instanceof PrivateTargetError ? 'refused' : 'network_error';
}

function describe(error: unknown, timeoutMs: number): string {
  const e = error as Error & { code?: string; cause?: Error & { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const cause = e.cause ?? e;
  return storableString([cause.code, cause.message].filter(Boolean).join(': ')) || 'network error';
}
