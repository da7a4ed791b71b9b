import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConnectionOptions, Worker } from 'bullmq';
import { AppConfig } from '@app/config';
import { DeliverWebhooksJob } from '@app/contracts';
import { BULL_CONNECTION, queuePrefix, webhookQueueNames } from '@app/messaging';
import { DeliveryProcessor } from './delivery.processor';

/**
 * One BullMQ worker per webhook partition (QUEUE_PARTITIONS), all feeding the same DeliveryProcessor, so every
 * deliverer consumes every partition and the per-tenant and per-subscription caps stay per process.
 * DELIVERY_CONCURRENCY is per process: it is split over the partitions' workers (rounded up).
 */
@Injectable()
export class DeliveryWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorkers.name);
  private workers: Worker<DeliverWebhooksJob>[] = [];

  constructor(
    private readonly processor: DeliveryProcessor,
    private readonly config: AppConfig,
    @Inject(BULL_CONNECTION) private readonly connection: ConnectionOptions,
  ) {}

  onApplicationBootstrap(): void {
    const names = webhookQueueNames(this.config.queuePartitions);
    const concurrency = Math.ceil(this.config.deliveryConcurrency / names.length);
    // The lock outlives the slowest try, so a slow receiver never makes BullMQ hand the job to a second worker;
    // after a crash the job comes back once the lock has lapsed.
    const lockDuration = this.config.deliveryTimeoutMs * 2 + 5000;
    this.workers = names.map((name) => {
      const worker = new Worker<DeliverWebhooksJob>(name, (job, token) => this.processor.process(job, token), {
        connection: this.connection,
        prefix: queuePrefix(this.config, name),
        concurrency,
        lockDuration,
        stalledInterval: Math.min(lockDuration, 10_000),
        maxStalledCount: 5,
      });
      worker.on('error', (error) => this.logger.warn(`worker ${name}: ${error.message}`));
      return worker;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
