import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS } from './messaging.module';
import { paceOf } from './webhook-pace';

/**
 * takeFrom() (webhook-pace.ts) run atomically in Redis on Redis's own clock, so every deliverer shares one bucket and
 * their clocks do not matter. The key holds the theoretical arrival time in ms and is hash-tagged on the subscription
 * id, so it lives on one Redis Cluster slot.
 */
const TAKE_TRIES = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval, burst, wanted = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tolerance = (burst - 1) * interval
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or now), now)
local conforming = 0
if tat - now <= tolerance then conforming = math.floor((now + tolerance - tat) / interval + 1e-9) + 1 end
local granted = math.min(wanted, math.max(0, conforming))
local nextTat = tat + granted * interval
if granted > 0 then redis.call('SET', KEYS[1], tostring(nextTat), 'PX', math.ceil(nextTat - now) + 1000) end
if granted == wanted then return {granted, 0} end
return {granted, math.max(1, math.ceil(nextTat - tolerance - now))}
`;

export interface TriesGranted {
  granted: number;
  /** When `granted` is short of what was asked: how long until the window frees a slot. */
  retryInMs: number;
}

type WithTakeTries = Redis & { takeWebhookTries(key: string, intervalMs: number, burst: number, wanted: number): Promise<[number, number]> };

/** Per-subscription `rateLimitPerSecond`, counted across every deliverer on the shared Redis. */
@Injectable()
export class SubscriptionRateLimiter {
  private readonly redis: WithTakeTries;

  constructor(@Inject(REDIS) redis: Redis) {
    redis.defineCommand('takeWebhookTries', { numberOfKeys: 1, lua: TAKE_TRIES });
    this.redis = redis as WithTakeTries;
  }

  /** Lets up to `wanted` tries through now: fewer (maybe none) when the subscription's pace does not allow more yet. */
  async take(subscriptionId: string, perSecond: number, wanted: number): Promise<TriesGranted> {
    if (wanted <= 0) return { granted: 0, retryInMs: 0 };
    const { intervalMs, burst } = paceOf(perSecond);
    const [granted, retryInMs] = await this.redis.takeWebhookTries(rateKeyOf(subscriptionId), intervalMs, burst, wanted);
    return { granted, retryInMs };
  }
}

export function rateKeyOf(subscriptionId: string): string {
  return `notify:webhook-rate:{${subscriptionId}}`;
}
