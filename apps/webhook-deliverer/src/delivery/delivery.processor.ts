import { Injectable } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { loadConfig } from '@app/config';
import { DeliverWebhooksJob, JobName, WebhookTry } from '@app/contracts';
import { holdBack, HoldBackLine, WebhookJobProducer } from '@app/messaging';
import { DeliveryService } from './delivery.service';
import { Deferred } from './rate-split';
import { SlowJobSlots } from './slow-job-slots';

const config = loadConfig();
/** A slow endpoint (a job running over 2 s) may hold a quarter of the slots; its further jobs wait in the queue. */
const SLOW_SUBSCRIPTION_CAP = Math.max(1, Math.floor(config.deliveryConcurrency / 4));
const SLOW_AFTER_MS = 2000;
/** A tenant whose oldest running job is older than this (tarpit receivers) is held to MAX_INFLIGHT_PER_TENANT. */
const TENANT_SLOW_AFTER_MS = 1000;
/**
 * The held-back jobs of a subscription or tenant at its cap come back in a line (see HoldBackLine): at twice the
 * rate its jobs end, at least four times its cap a second (and 20), none sooner than half a second.
 */
const HOLD_BACK_MIN_DELAY_MS = 500;

/** Runs one delivery job, whichever partition's worker took it (see DeliveryWorkers): the caps are per process. */
@Injectable()
export class DeliveryProcessor {
  private readonly slots = new SlowJobSlots(SLOW_SUBSCRIPTION_CAP, SLOW_AFTER_MS);
  /** MAX_INFLIGHT_PER_TENANT: a tenant with tarpit receivers holds at most this many slots. */
  private readonly tenants = new SlowJobSlots(config.limits.inflightPerTenant, TENANT_SLOW_AFTER_MS);
  private readonly subscriptionLine = HoldBackLine.forCap(SLOW_SUBSCRIPTION_CAP, HOLD_BACK_MIN_DELAY_MS);
  private readonly tenantLine = HoldBackLine.forCap(config.limits.inflightPerTenant, HOLD_BACK_MIN_DELAY_MS);

  constructor(
    private readonly deliveries: DeliveryService,
    private readonly webhooks: WebhookJobProducer,
  ) {}

  async process(job: Job<DeliverWebhooksJob>, token?: string): Promise<void> {
    if (job.name !== JobName.DeliverWebhooks) throw new Error(`unknown job ${job.name}`);
    const { tenantId, subscriptionId } = job.data;
    const startedAt = Date.now();
    // Held-back jobs wait behind every fresh job (see holdBack): a tarpit tenant's backlog cycling through the
    // queue must not stand ahead of another tenant's new delivery.
    if (!this.tenants.tryAcquire(tenantId, startedAt)) return holdBack(job, this.tenantLine.delayMs(tenantId, startedAt), token);
    if (!this.slots.tryAcquire(subscriptionId, startedAt)) {
      this.tenants.release(tenantId, startedAt);
      return holdBack(job, this.subscriptionLine.delayMs(subscriptionId, startedAt), token);
    }
    try {
      const deferred = await this.deliveries.deliver(job.data);
      if (deferred) await this.putOff(job, deferred, token);
    } finally {
      this.slots.release(subscriptionId, startedAt);
      this.tenants.release(tenantId, startedAt);
      this.subscriptionLine.freed(subscriptionId);
      this.tenantLine.freed(tenantId);
    }
  }

  /**
   * Tries held back by the rate limit wait, never fail: a job none of whose tries went out goes back to delayed as
   * it is; otherwise the rest travel on as a new delayed job (its own id: this one is still active).
   */
  private async putOff(job: Job<DeliverWebhooksJob>, deferred: Deferred<WebhookTry>, token?: string): Promise<void> {
    const sentNone = deferred.tries.length === job.data.tries.length;
    if (sentNone) return this.later(job, deferred.delayMs, token);
    await this.webhooks.enqueue([{ job: { ...job.data, tries: deferred.tries }, delayMs: deferred.delayMs }], `-rl${Date.now()}`);
  }

  /** Hands the job back to wait as long as the rate limit says, leaving the slot to another job. */
  private async later(job: Job<DeliverWebhooksJob>, delayMs: number, token?: string): Promise<never> {
    await job.moveToDelayed(Date.now() + delayMs, token);
    throw new DelayedError();
  }
}
