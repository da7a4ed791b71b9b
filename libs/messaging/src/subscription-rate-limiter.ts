import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS } from './messaging.module';

const WINDOW_MS = 1000;

/**
 * A sliding one-second window per subscription: a sorted set of the times tries were let through, trimmed to the
 * last second. At most `limit` members means at most `limit` tries in any one second, whichever deliverer asks
 * (Redis's own clock, so deliverers' clocks do not matter). Members are "<ms>:<count>", unique because tries
 * granted in the same millisecond get increasing counts. The key is hash-tagged on the subscription id, so it
 * lives on one Redis Cluster slot.
 */
const TAKE_TRIES = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, wanted, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
local granted = math.min(math.max(limit - used, 0), wanted)
for i = 1, granted do redis.call('ZADD', KEYS[1], now, now .. ':' .. (used + i)) end
if granted > 0 then redis.call('PEXPIRE', KEYS[1], window * 2) end
if granted == wanted then return {granted, 0} end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {granted, math.max(1, tonumber(oldest[2]) + window - now)}
`;

export interface TriesGranted {
  granted: number;
  /** When `granted` is short of what was asked: how long until the window frees a slot. */
  retryInMs: number;
}

type WithTakeTries = Redis & { takeWebhookTries(key: string, limit: number, wanted: number, windowMs: number): Promise<[number, number]> };

/** Per-subscription `rateLimitPerSecond`, counted across every deliverer on the shared Redis. */
@Injectable()
export class SubscriptionRateLimiter {
  private readonly redis: WithTakeTries;

  constructor(@Inject(REDIS) redis: Redis) {
    redis.defineCommand('takeWebhookTries', { numberOfKeys: 1, lua: TAKE_TRIES });
    this.redis = redis as WithTakeTries;
  }

  /** Lets up to `wanted` tries through now; fewer (maybe none) when the last second already holds `perSecond`. */
  async take(subscriptionId: string, perSecond: number, wanted: number): Promise<TriesGranted> {
    if (wanted <= 0) return { granted: 0, retryInMs: 0 };
    const [granted, retryInMs] = await this.redis.takeWebhookTries(rateKeyOf(subscriptionId), perSecond, wanted, WINDOW_MS);
    return { granted, retryInMs };
  }
}

export function rateKeyOf(subscriptionId: string): string {
  return `notify:webhook-rate:{${subscriptionId}}`;
}
