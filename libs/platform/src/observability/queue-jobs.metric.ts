import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { setTimeout } from 'node:timers';
import { Gauge } from 'prom-client';
import { QueueName } from '@app/contracts';
import { WebhookQueues } from '@app/messaging';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
/** Scrapes within this window reuse the last counts: a scrape loop never turns into a Redis load. */
const CACHE_MS = 2000;
const COUNT_TIMEOUT_MS = 1000;

type Counts = Record<(typeof STATES)[number], number>;

/**
 * `notify_queue_jobs{queue,state}` for the queues this app registered. getJobCounts is one O(1) call per state
 * (LLEN/ZCARD), never a scan, and is cached for a couple of seconds.
 */
@Injectable()
export class QueueJobsMetric implements OnModuleInit {
  private queues: Queue[] = [];
  private cached?: { at: number; counts: Map<string, Counts> };

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    this.queues = [...this.owned(() => [this.moduleRef.get<Queue>(getQueueToken(QueueName.PublishedEvents), { strict: false })]),
      ...this.owned(() => this.moduleRef.get(WebhookQueues, { strict: false }).all)];
    if (this.queues.length === 0) return;
    const read = () => this.counts();
    new Gauge({
      name: 'notify_queue_jobs',
      help: 'Jobs in each BullMQ queue by state (read at most every 2 s)',
      labelNames: ['queue', 'state'],
      async collect() {
        for (const [queue, counts] of await read()) for (const state of STATES) this.set({ queue, state }, counts[state]);
      },
    });
  }

  /** The queues `get` finds, or none when this app does not own them. */
  private owned(get: () => Queue[]): Queue[] {
    try {
      return get();
    } catch {
      return [];
    }
  }

  private async counts(): Promise<Map<string, Counts>> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.counts;
    const counts = new Map<string, Counts>();
    await Promise.all(this.queues.map(async (queue) => {
      const read = queue.getJobCounts(...STATES) as Promise<Counts>;
      const timeout = new Promise<undefined>((resolve) => void setTimeout(() => resolve(undefined), COUNT_TIMEOUT_MS).unref());
      // Redis down: the queue's series are left out of this scrape rather than holding the scrape up.
      const result = await Promise.race([read.catch(() => undefined), timeout]);
      if (result) counts.set(queue.name, result);
    }));
    this.cached = { at: Date.now(), counts };
    return counts;
  }
}
