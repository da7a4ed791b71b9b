import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { REDIS, RedisClient, RedisPubSubServer, withTimeout } from '@app/messaging';
import { HealthResponse } from './health.response';

type Check = 'up' | 'down';

@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly pubsub: RedisPubSubServer,
  ) {}

  @Get()
  @HttpCode(200)
  async check(): Promise<HealthResponse> {
    const [postgres, redis] = await Promise.all([
      this.probe(() => this.dataSource.query('SELECT 1')),
      // Ready means the app also hears its pub/sub events: Redis confirmed its subscriptions.
      this.probe(async () => {
        if (!this.pubsub.ready) throw new Error('pub/sub subscriptions not confirmed');
        await this.redis.ping();
      }),
    ]);
    if (postgres === 'down' || redis === 'down') {
      throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: 'dependency unreachable', status: 'unavailable', postgres, redis });
    }
    return { status: 'ok', postgres, redis };
  }

  private async probe(run: () => Promise<unknown>): Promise<Check> {
    try {
      await withTimeout(run(), 2000, 'health probe');
      return 'up';
    } catch {
      return 'down';
    }
  }
}
