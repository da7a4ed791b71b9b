import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from './redis.module';
import { withTimeout } from './with-timeout';

type Check = 'up' | 'down';

@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  @HttpCode(200)
  async check(): Promise<{ status: 'ok'; postgres: Check; redis: Check }> {
    const [postgres, redis] = await Promise.all([
      this.probe(() => this.dataSource.query('SELECT 1')),
      this.probe(() => this.redis.ping()),
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
