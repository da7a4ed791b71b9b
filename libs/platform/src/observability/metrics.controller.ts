import { Controller, Get, Headers, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { register } from 'prom-client';
import { AppConfig } from '@app/config';
import { isScrapeAllowed } from './metrics-auth';

/**
 * Prometheus scrape endpoint: every metric this process registered, in the text exposition format. It is for
 * operators' scrapers, not API clients, so it stays out of the OpenAPI document (docs/observability.md has it).
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: FastifyReply): Promise<void> {
    if (!isScrapeAllowed(authorization, this.config.metricsToken)) throw new UnauthorizedException('metrics need Authorization: Bearer $METRICS_TOKEN');
    response.header('content-type', register.contentType);
    response.send(await register.metrics());
  }
}
