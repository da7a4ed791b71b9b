import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { REDIS } from './messaging.module';

/** A try as the claim knows it: its delivery and which attempt it is. */
export interface ClaimedTry {
  deliveryId: string;
  attempt: number;
}

/**
 * Which deliverer sends a try, across processes: one `SET NX` per try (hash-tagged by subscription, so a job's tries
 * share a Redis Cluster slot), held for as long as a try can take. Two jobs can carry the same try: the sweeper
 * re-queues a try whose job waited past the grace period, and the original may be sent meanwhile by another
 * deliverer. Postgres cannot tell (the outcome is not recorded until the try ends), so both went out: the replicas
 * test saw 90 duplicate webhooks on a loaded box. A deliverer killed mid-try leaves its claim to expire, after which
 * the try's next copy goes out: at-least-once after a crash, as before.
 */
@Injectable()
export class TryClaims {
  private readonly logger = new Logger(TryClaims.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** The tries this process may send now: those no other process is sending. */
  async claim<T extends ClaimedTry>(subscriptionId: string, tries: T[]): Promise<T[]> {
    if (tries.length === 0) return tries;
    const holdMs = this.config.deliveryTimeoutMs + 5000;
    const pipeline = this.redis.pipeline();
    for (const t of tries) pipeline.set(`notify:sending:{${subscriptionId}}:${t.deliveryId}:${t.attempt}`, '1', 'PX', holdMs, 'NX');
    try {
      const results = (await pipeline.exec()) ?? [];
      return tries.filter((_, i) => results[i]?.[0] === null && results[i]?.[1] === 'OK');
    } catch (error) {
      // Without the claim a try may go out twice, never not at all.
      this.logger.warn(`could not claim ${tries.length} tries of ${subscriptionId}, sending them anyway: ${(error as Error).message}`);
      return tries;
    }
  }
}
