import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { AppConfig } from '@app/config';
import { REDIS, RedisClient } from '@app/messaging';
import { RateLimitedException } from '@app/platform';
import type { AuthenticatedRequest } from '../auth/guards';

interface Window {
  second: number;
  /** The count across all gateways, as Redis last reported it. */
  global: number;
  /** Requests of this gateway counted locally whose INCR has not come back yet. */
  unconfirmed: number;
}

/**
 * A request budget per second for each tenant's API keys, and a separate one for each end user's tokens (so
 * one chatty user cannot use up the tenant's budget), shared by every gateway through a Redis counter. The request never
 * waits for Redis: it is judged on the last count Redis reported plus what this gateway sent since, and its own
 * INCR updates that estimate when it returns. Runs after the guards, so the tenant is known; fails open.
 * The counts of one event-loop turn go to Redis together (one INCRBY per budget, one write): a pipeline per
 * request was a tenth of the gateway's CPU under load (issue 9's profile).
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  private readonly windows = new Map<string, Window>();
  /** Counts not yet sent to Redis, by Redis key; sent on the next turn of the event loop. */
  private readonly unsent = new Map<string, { window: Window; count: number }>();

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const budget = this.budgetOf(context.switchToHttp().getRequest<AuthenticatedRequest>());
    if (budget && budget.limit > 0 && this.count(budget.key) > budget.limit) {
      throw new RateLimitedException(`more than ${budget.limit} requests per second for ${budget.whose} (${budget.setting}); retry after 1 s`);
    }
    return next.handle();
  }

  private budgetOf(request: AuthenticatedRequest): { key: string; limit: number; whose: string; setting: string } | undefined {
    if (request.tenantId) {
      return { key: request.tenantId, limit: this.config.rateLimitPerSecond, whose: 'this tenant', setting: 'RATE_LIMIT_PER_SECOND' };
    }
    if (request.user) {
      const { tenantId, userId } = request.user;
      return { key: `${tenantId}:user:${userId}`, limit: this.config.rateLimitUserPerSecond, whose: 'this user', setting: 'RATE_LIMIT_USER_PER_SECOND' };
    }
    return undefined;
  }

  /** This request's estimated position in its budget's current second. */
  private count(budgetKey: string): number {
    const second = Math.floor(Date.now() / 1000);
    const window = this.windowOf(budgetKey, second);
    window.unconfirmed++;
    // Without Redis the count stays local: this gateway still limits what it sees.
    if (this.redis.status === 'ready') this.send(`notify:rate:${budgetKey}:${second}`, window);
    return window.global + window.unconfirmed;
  }

  private send(key: string, window: Window): void {
    const unsent = this.unsent.get(key);
    if (unsent) {
      unsent.count++;
      return;
    }
    if (this.unsent.size === 0) setImmediate(() => this.flush());
    this.unsent.set(key, { window, count: 1 });
  }

  private flush(): void {
    const batch = [...this.unsent];
    this.unsent.clear();
    const pipeline = this.redis.pipeline();
    for (const [key, { count }] of batch) pipeline.incrby(key, count).expire(key, 2);
    pipeline.exec().then(
      (results) => batch.forEach(([, { window, count }], i) => {
        window.global = Math.max(window.global, Number(results?.[2 * i]?.[1] ?? 0));
        window.unconfirmed -= count;
      }),
      () => batch.forEach(([, { window, count }]) => (window.unconfirmed -= count)),
    );
  }

  private windowOf(budgetKey: string, second: number): Window {
    let window = this.windows.get(budgetKey);
    if (window?.second === second) return window;
    if (this.windows.size > 10_000) this.windows.clear();
    window = { second, global: 0, unconfirmed: 0 };
    this.windows.set(budgetKey, window);
    return window;
  }
}
