import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RetentionMaintenance } from '@app/persistence';

/**
 * Runs retention maintenance (see RetentionMaintenance) at start and then every RETENTION_INTERVAL_MS. Every
 * matcher schedules it; the advisory lock inside lets one of them do the work and the others skip that round.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly maintenance: RetentionMaintenance, private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    const tick = () => (this.running ??= this.runOnce().finally(() => (this.running = undefined)));
    tick();
    this.timer = setInterval(tick, this.config.retention.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async runOnce(): Promise<void> {
    try {
      const report = await this.maintenance.runOnce(new Date(), { retentionDays: this.config.retention.days, notificationRetentionDays: this.config.retention.notificationDays });
      if (report && Object.values(report).some((value) => (Array.isArray(value) ? value.length > 0 : value > 0))) {
        this.logger.log(`retention: ${JSON.stringify(report)}`);
      }
    } catch (error) {
      this.logger.warn(`retention maintenance failed, the next run tries again: ${(error as Error).message}`);
    }
  }
}
