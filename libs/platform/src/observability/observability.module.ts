import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { collectDefaultMetrics, register } from 'prom-client';
import { AppConfig } from '@app/config';
import { loggerParams } from './log-options';
import { MetricsController } from './metrics.controller';
import { QueueJobsMetric } from './queue-jobs.metric';

/** Logs, /metrics and queue gauges for one app; startHttpApp imports it next to the app's own module. */
@Module({})
export class ObservabilityModule {
  static forApp(app: string): DynamicModule {
    // The process metrics (CPU, memory, event loop lag, GC, handles) once per process.
    if (!register.getSingleMetric('process_cpu_seconds_total')) collectDefaultMetrics();
    return {
      module: ObservabilityModule,
      imports: [LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => loggerParams(app, config) })],
      controllers: [MetricsController],
      providers: [QueueJobsMetric],
    };
  }
}
