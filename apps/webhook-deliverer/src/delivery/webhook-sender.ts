import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent, request } from 'undici';
import { AppConfig } from '@app/config';
import { isPrivateLiteralHost } from '@app/platform';
import { privateAddressRefusingLookup } from './guarded-lookup';
import { readRecordedPrefix, storableString } from './response-body';
import { WebhookRequest } from './webhook-request';

export interface SendResult {
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
}

/** Sends webhook requests over keep-alive connection pools (one per origin, inside one undici Agent). */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly agent: Agent;

  constructor(private readonly config: AppConfig) {
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      // Reused keep-alive sockets beat opening one per concurrent request; excess requests queue per origin.
      connections: 128,
      connect: config.allowPrivateTargets ? {} : { lookup: privateAddressRefusingLookup },
    });
  }

  /** A deadline shared by requests that start together (one timer instead of one per request). */
  deadline(): AbortSignal {
    return AbortSignal.timeout(this.config.deliveryTimeoutMs);
  }

  async send(webhook: WebhookRequest, deadline = this.deadline()): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    if (!this.config.allowPrivateTargets && isPrivateLiteralHost(new URL(webhook.url).hostname)) {
      return { responseStatus: null, responseBody: null, error: 'target is a private or loopback address', durationMs: 0 };
    }
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
      return { responseStatus: response.statusCode, responseBody: text, error, durationMs: elapsed() };
    } catch (error) {
      return { responseStatus: null, responseBody: null, error: describe(error, this.config.deliveryTimeoutMs), durationMs: elapsed() };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}

function describe(error: unknown, timeoutMs: number): string {
  const e = error as Error & { code?: string; cause?: Error & { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const cause = e.cause ?? e;
  return storableString([cause.code, cause.message].filter(Boolean).join(': ')) || 'network error';
}
