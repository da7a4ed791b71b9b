import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { loadConfig } from '@app/config';
import { JobName, MatchEventsJob, QueueName } from '@app/contracts';
import { MatchingService } from './matching.service';
import { TenantMatchSlots } from './tenant-match-slots';

const concurrency = loadConfig().matcherConcurrency;

@Processor(QueueName.PublishedEvents, { concurrency })
export class MatchProcessor extends WorkerHost {
  /** One tenant's flood or costly events hold at most a quarter of the slots; see TenantMatchSlots. */
  private readonly tenants = TenantMatchSlots.forConcurrency(concurrency);

  constructor(private readonly matching: MatchingService) {
    super();
  }

  async process(job: Job<MatchEventsJob>, token?: string): Promise<void> {
    switch (job.name) {
      case JobName.MatchEvents:
        return this.tenants.run(job, token, () => this.matching.match(job.data));
      default:
        throw new Error(`unknown job ${job.name}`);
    }
  }
}
