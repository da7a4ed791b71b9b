import type { Provider } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { AppConfig } from '@app/config';

/** Addresses tracked per second; past this many, new ones go uncounted for the rest of that second. */
const MAX_TRACKED = 100_000;

/**
 * Requests per second per client address, counted in this process before any credential is looked at, so a flood
 * costs neither a Postgres nor a Redis round trip. A fixed one-second window: the map holds one second's addresses.
 */
export class AddressRateLimiter {
  private second = -1;
  private readonly counts = new Map<string, number>();

  /** `limitPerSecond` 0 turns the limit off. */
  constructor(readonly limitPerSecond: number) {}

  /** Counts one request; the seconds to wait when it is over the limit, else 0. */
  retryAfterSeconds(address: string | undefined, now = Date.now()): number {
    if (this.limitPerSecond <= 0 || !address) return 0;
    const second = Math.floor(now / 1000);
    if (second !== this.second) {
      this.second = second;
      this.counts.clear();
    }
    const count = (this.counts.get(address) ?? 0) + 1;
    if (count === 1 && this.counts.size >= MAX_TRACKED) return 0;
    this.counts.set(address, count);
    return count > this.limitPerSecond ? 1 : 0;
  }
}

export const addressRateLimiterProvider: Provider = {
  provide: AddressRateLimiter,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => new AddressRateLimiter(config.rateLimitPerAddressPerSecond),
};

export const TOO_MANY_FROM_ADDRESS = 'too many requests from this address; retry after 1 s';

/** Paths monitoring must reach whatever a client floods. */
const UNLIMITED_PATHS = new Set(['/health', '/metrics']);

/** Fastify onRequest hook answering 429 + Retry-After in the contract's error shape; it runs before body parsing. */
export function limitByAddress(limiter: AddressRateLimiter) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const retryAfter = UNLIMITED_PATHS.has(pathOf(request.url)) ? 0 : limiter.retryAfterSeconds(request.socket.remoteAddress);
    if (retryAfter === 0) return done();
    reply.code(429).header('Retry-After', String(retryAfter));
    reply.send({ statusCode: 429, error: 'Too Many Requests', message: TOO_MANY_FROM_ADDRESS });
  };
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
