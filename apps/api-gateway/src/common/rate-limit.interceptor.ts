import { CallHandler, ExecutionContext, HttpException, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import Redis from 'ioredis';
import { Observable } from 'rxjs';
import { AppConfig } from '@app/config';
import { REDIS } from '@app/messaging';
import type { AuthenticatedRequest } from '../auth/guards';

interface Window {
  second: number;
  /** The count across all gateways, as Redis last reported it. */
  global: number;
  /** Requests of this gateway counted locally whose INCR has not come back yet. */
  unconfirmed: number;
}

/**
 * A per-tenant request budget per second shared by every gateway through a Redis counter. The request never
 * waits for Redis: it is judged on the last count Redis reported plus what this gateway sent since, and its own
 * INCR updates that estimate when it returns. Runs after the guards, so the tenant is known; fails open.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const tenantId = request.tenantId ?? request.user?.tenantId;
    if (tenantId && this.config.rateLimitPerSecond > 0 && this.count(tenantId) > this.config.rateLimitPerSecond) {
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', '1');
      throw new HttpException(`more than ${this.config.rateLimitPerSecond} requests per second for this tenant; retry after 1 s`, 429);
    }
    return next.handle();
  }

  /** This request's estimated position in the tenant's current second. */
  private count(tenantId: string): number {
    const second = Math.floor(Date.now() / 1000);
    const window = this.windowOf(tenantId, second);
    window.unconfirmed++;
    if (this.redis.status === 'ready') {
      const key = `notify:rate:${tenantId}:${second}`;
      this.redis.pipeline().incr(key).expire(key, 2).exec().then(
        (results) => {
          window.global = Math.max(window.global, Number(results?.[0]?.[1] ?? 0));
          window.unconfirmed--;
        },
        () => window.unconfirmed--,
      );
    }
    return window.global + window.unconfirmed;
  }

  private windowOf(tenantId: string, second: number): Window {
    let window = this.windows.get(tenantId);
    if (window?.second === second) return window;
    if (this.windows.size > 10_000) this.windows.clear();
    window = { second, global: 0, unconfirmed: 0 };
    this.windows.set(tenantId, window);
    return window;
  }
}
