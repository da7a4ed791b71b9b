import { Inject, Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { REDIS, RedisClient } from '@app/messaging';
import { RateLimitedException } from '@app/platform';

/**
 * RATE_LIMIT_EVENTS_PER_SECOND: events (not requests) one tenant may publish per second, across all gateways,
 * counted exactly in Redis; a batch of n counts n. A refused publish gives its count back, so a tenant that
 * keeps retrying is not locked out for longer than the second it went over in. Fails open when Redis errs:
 * the publish then meets the queue-availability check anyway.
 */
@Injectable()
export class EventRateLimiter {
  private readonly logger = new Logger(EventRateLimiter.name);

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {}

  async admit(tenantId: string, events: number): Promise<void> {
    const limit = this.config.rateLimitEventsPerSecond;
    if (limit === 0) return;
    if (events > limit) {
      throw new UnprocessableEntityException([`events: a batch of ${events} is more than RATE_LIMIT_EVENTS_PER_SECOND (${limit}) allows in a second; split it`]);
    }
    const key = `notify:event-rate:${tenantId}:${Math.floor(Date.now() / 1000)}`;
    const counted = await this.redis.multi().incrby(key, events).expire(key, 2).exec().catch((error: Error) => {
      this.logger.warn(`event rate not counted (allowing the publish): ${error.message}`);
      return null;
    });
    const total = Number(counted?.[0]?.[1] ?? 0);
    if (total <= limit) return;
    await this.redis.decrby(key, events).catch(() => undefined);
    throw new RateLimitedException(`publishing ${events} more events would pass RATE_LIMIT_EVENTS_PER_SECOND (${limit}) for this tenant; retry after 1 s`);
  }
}
