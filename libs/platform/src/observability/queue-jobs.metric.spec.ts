import type { ModuleRef } from '@nestjs/core';
import { register } from 'prom-client';
import { WebhookQueues } from '@app/messaging';
import { QueueJobsMetric } from './queue-jobs.metric';

describe(QueueJobsMetric.name, () => {
  it('reads each owned queue once per 2 s, however often it is scraped, and skips queues the app lacks', async () => {
    const counts = { waiting: 3, active: 1, delayed: 2, failed: 0 };
    const queue = { name: 'webhook-deliveries', getJobCounts: jest.fn().mockResolvedValue(counts) };
    // This app owns the webhook queues (one partition) but not the matching queue.
    const moduleRef = { get: (token: unknown) => { if (token === WebhookQueues) return { all: [queue] }; throw new Error('none'); } } as unknown as ModuleRef;
    const sut = new QueueJobsMetric(moduleRef);
    sut.onModuleInit();

    const first = await register.getSingleMetricAsString('notify_queue_jobs');
    await register.getSingleMetricAsString('notify_queue_jobs');

    expect(first).toContain('notify_queue_jobs{queue="webhook-deliveries",state="waiting"} 3');
    expect(first).toContain('notify_queue_jobs{queue="webhook-deliveries",state="delayed"} 2');
    expect(first).not.toContain('published-events');
    expect(queue.getJobCounts).toHaveBeenCalledTimes(1);
    expect(queue.getJobCounts).toHaveBeenCalledWith('waiting', 'active', 'delayed', 'failed');
  });
});
