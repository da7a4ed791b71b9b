import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, Job } from 'bullmq';
import { loadConfig } from '@app/config';
import { DeliverWebhooksJob, JobName, QueueName } from '@app/contracts';
import { DeliveryService } from './delivery.service';

const config = loadConfig();
// The lock outlives the slowest try, so a slow receiver never makes BullMQ hand the job to a second worker;
// after a crash the job comes back once the lock has lapsed.
const lockDuration = config.deliveryTimeoutMs * 2 + 5000;
/** Jobs of one subscription running at once in this process; more wait, so a slow endpoint can take at most half the slots. */
const JOBS_PER_SUBSCRIPTION = Math.max(1, Math.floor(config.deliveryConcurrency / 2));
const BUSY_SUBSCRIPTION_DELAY_MS = 500;

@Processor(QueueName.WebhookDeliveries, {
  concurrency: config.deliveryConcurrency,
  lockDuration,
  stalledInterval: Math.min(lockDuration, 10_000),
  maxStalledCount: 5,
})
export class DeliveryProcessor extends WorkerHost {
  private readonly active = new Map<string, number>();

  constructor(private readonly deliveries: DeliveryService) {
    super();
  }

  async process(job: Job<DeliverWebhooksJob>, token?: string): Promise<void> {
    if (job.name !== JobName.DeliverWebhooks) throw new Error(`unknown job ${job.name}`);
    const { subscriptionId } = job.data;
    const running = this.active.get(subscriptionId) ?? 0;
    if (running >= JOBS_PER_SUBSCRIPTION) {
      await job.moveToDelayed(Date.now() + BUSY_SUBSCRIPTION_DELAY_MS, token);
      throw new DelayedError();
    }
    this.active.set(subscriptionId, running + 1);
    try {
      await this.deliveries.deliver(job.data);
    } finally {
      const left = (this.active.get(subscriptionId) ?? 1) - 1;
      if (left === 0) this.active.delete(subscriptionId);
      else this.active.set(subscriptionId, left);
    }
  }
}
