import { CallHandler, ExecutionContext, HttpException, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import Redis from 'ioredis';
import { Observable } from 'rxjs';
import { AppConfig } from '@app/config';
import { REDIS } from '@app/platform';
import type { AuthenticatedRequest } from '../auth/guards';

/**
 * A per-tenant request budget per second, counted in Redis so every gateway shares it. It runs after the
 * guards (so the tenant is known) and fails open: with Redis down the request meets its own 503 instead.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const tenantId = request.tenantId ?? request.user?.tenantId;
    if (tenantId && this.config.rateLimitPerSecond > 0 && (await this.overBudget(tenantId))) {
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', '1');
      throw new HttpException(`more than ${this.config.rateLimitPerSecond} requests per second for this tenant; retry after 1 s`, 429);
    }
    return next.handle();
  }

  private async overBudget(tenantId: string): Promise<boolean> {
    if (this.redis.status !== 'ready') return false;
    const key = `notify:rate:${tenantId}:${Math.floor(Date.now() / 1000)}`;
    try {
      const [[, count]] = (await this.redis.pipeline().incr(key).expire(key, 2).exec()) as [[Error | null, number]];
      return count > this.config.rateLimitPerSecond;
    } catch {
      return false;
    }
  }
}
