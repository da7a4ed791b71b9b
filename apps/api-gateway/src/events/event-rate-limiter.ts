import { Inject, Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { REDIS, RedisClient } from '@app/messaging';
import { RateLimitedException } from '@app/platform';

/** One publish waiting for its count to come back from Redis. */
interface Admission {
  events: number;
  settle: (admitted: boolean) => void;
}

/**
 * RATE_LIMIT_EVENTS_PER_SECOND: events (not requests) one tenant may publish per second, across all gateways,
 * counted exactly in Redis; a batch of n counts n. A refused publish gives its count back, so a tenant that
 * keeps retrying is not locked out for longer than the second it went over in. Fails open when Redis errs:
 * the publish then meets the queue-availability check anyway.
 * The publishes of one event-loop turn are counted in one transaction (one INCRBY per tenant): a round trip
 * per publish was a large share of the gateway's CPU under load (issue 9's profile).
 */
@Injectable()
export class EventRateLimiter {
  private readonly logger = new Logger(EventRateLimiter.name);
  /** Publishes not yet counted, by Redis key, in arrival order; counted on the next turn of the event loop. */
  private readonly waiting = new Map<string, Admission[]>();

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
    const admitted = await new Promise<boolean>((settle) => this.enqueue(key, { events, settle }));
    if (!admitted) {
      throw new RateLimitedException(`publishing ${events} more events would pass RATE_LIMIT_EVENTS_PER_SECOND (${limit}) for this tenant; retry after 1 s`);
    }
  }

  private enqueue(key: string, admission: Admission): void {
    if (this.waiting.size === 0) setImmediate(() => void this.count());
    const queue = this.waiting.get(key);
    if (queue) queue.push(admission);
    else this.waiting.set(key, [admission]);
  }

  private async count(): Promise<void> {
    const batch = [...this.waiting];
    this.waiting.clear();
    const transaction = this.redis.multi();
    for (const [key, queue] of batch) transaction.incrby(key, sum(queue)).expire(key, 2);
    const counted = await transaction.exec().catch((error: Error) => {
      this.logger.warn(`event rate not counted (allowing the publish): ${error.message}`);
      return null;
    });
    batch.forEach(([key, queue], i) => {
      if (!counted) return queue.forEach((admission) => admission.settle(true));
      this.judge(key, queue, Number(counted[2 * i]?.[1] ?? 0) - sum(queue));
    });
  }

  /** Admits the publishes in arrival order while the count stays within the limit; gives the refused ones' counts back. */
  private judge(key: string, queue: Admission[], countBefore: number): void {
    const limit = this.config.rateLimitEventsPerSecond;
    let total = countBefore;
    let refused = 0;
    for (const admission of queue) {
      const admitted = total + admission.events <= limit;
      if (admitted) total += admission.events;
      else refused += admission.events;
      admission.settle(admitted);
    }
    if (refused > 0) this.redis.decrby(key, refused).catch(() => undefined);
  }
}

function sum(queue: Admission[]): number {
  return queue.reduce((total, admission) => total + admission.events, 0);
}
