import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { loadConfig } from '@app/config';
import { JobName, MatchEventsJob, QueueName } from '@app/contracts';
import { MatchingService } from './matching.service';

@Processor(QueueName.PublishedEvents, { concurrency: loadConfig().matcherConcurrency })
export class MatchProcessor extends WorkerHost {
  constructor(private readonly matching: MatchingService) {
    super();
  }

  async process(job: Job<MatchEventsJob>): Promise<void> {
    switch (job.name) {
      case JobName.MatchEvents:
        return this.matching.match(job.data);
      default:
        throw new Error(`unknown job ${job.name}`);
    }
  }
}
