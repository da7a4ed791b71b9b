import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { loadConfig } from '@app/config';
import { DeliverWebhookJob, JobName, QueueName } from '@app/contracts';
import { DeliveryService } from './delivery.service';

const config = loadConfig();
// The lock outlives the slowest try, so a slow receiver never makes BullMQ hand the job to a second worker;
// after a crash the job comes back once the lock has lapsed.
const lockDuration = config.deliveryTimeoutMs * 2 + 5000;

@Processor(QueueName.WebhookDeliveries, {
  concurrency: config.deliveryConcurrency,
  lockDuration,
  stalledInterval: Math.min(lockDuration, 10_000),
  maxStalledCount: 5,
})
export class DeliveryProcessor extends WorkerHost {
  constructor(private readonly deliveries: DeliveryService) {
    super();
  }

  async process(job: Job<DeliverWebhookJob>): Promise<void> {
    switch (job.name) {
      case JobName.DeliverWebhook:
        return this.deliveries.deliver(job.data);
      default:
        throw new Error(`unknown job ${job.name}`);
    }
  }
}
