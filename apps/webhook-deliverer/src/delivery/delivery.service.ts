import { Injectable, Logger } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@app/config';
import { decideRetry, DeliverWebhooksJob, WebhookTry } from '@app/contracts';
import { SubscriptionRateLimiter } from '@app/messaging';
import { AttemptOutcome, DeliveryRepository, DeliveryTarget } from '@app/persistence';
import { endSpan, startSpan, traceparentOf } from '@app/platform';
import { deliveriesFinal, recordAttemptMetrics } from './delivery.metrics';
import { buildWebhookRequest, SendResult, WebhookSender } from '@app/webhooks';
import { Outcome, OutcomeWriter } from './outcome-writer';
import { Deferred, splitByGrant } from './rate-split';
import { SubscriptionCache } from './subscription.cache';

/** Sends a job's tries to one subscription concurrently, then records each attempt and what follows it. */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  /**
   * Deliveries this process is sending right now. A second copy of a try (the sweeper re-queued it while its job
   * waited in a backlog) must not go out while the first is in flight: stillDue() cannot see an outcome not yet
   * recorded, so without this both copies would reach the receiver.
   */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly subscriptions: SubscriptionCache,
    private readonly deliveries: DeliveryRepository,
    private readonly sender: WebhookSender,
    private readonly outcomes: OutcomeWriter,
    private readonly config: AppConfig,
    private readonly rates: SubscriptionRateLimiter,
  ) {}

  /** Sends what is due; returns the tries held back by the subscription's rate limit, for the caller to put off. */
  async deliver(job: DeliverWebhooksJob): Promise<Deferred<WebhookTry> | undefined> {
    const subscription = await this.subscriptions.get(job.subscriptionId);
    if (!subscription || subscription.deletedAt || !subscription.url) {
      // The delete cancelled what was pending then; these were made after it (a race), and end the same way.
      deliveriesFinal.inc({ status: 'cancelled' }, await this.deliveries.cancelPending(job.tries.map((t) => t.deliveryId)));
      return;
    }
    const dueIds = await this.deliveries.stillDue(job.tries);
    const due = job.tries.filter((t) => dueIds.has(t.deliveryId) && !this.inFlight.has(t.deliveryId));
    const { send, deferred } = await this.pace(subscription, due);
    await Promise.all(send.map((t) => this.tryOnceAlone(job, subscription, t)));
    return deferred;
  }

  /** One try, with its delivery marked in flight meanwhile (the copy that finds it marked is dropped, see inFlight). */
  private async tryOnceAlone(job: DeliverWebhooksJob, subscription: DeliveryTarget, webhookTry: WebhookTry): Promise<void> {
    if (this.inFlight.has(webhookTry.deliveryId)) return;
    this.inFlight.add(webhookTry.deliveryId);
    try {
      await this.tryOnce(job, subscription, webhookTry);
    } finally {
      this.inFlight.delete(webhookTry.deliveryId);
    }
  }

  /** Takes a token per try from the subscription's window (shared by all deliverers) just before sending. */
  private async pace(subscription: DeliveryTarget, due: WebhookTry[]): Promise<{ send: WebhookTry[]; deferred?: Deferred<WebhookTry> }> {
    if (!subscription.rateLimitPerSecond || due.length === 0) return { send: due };
    const { granted, retryInMs } = await this.rates.take(subscription.id, subscription.rateLimitPerSecond, due.length);
    return splitByGrant(due, granted, retryInMs);
  }

  private async tryOnce(job: DeliverWebhooksJob, subscription: DeliveryTarget, webhookTry: WebhookTry): Promise<void> {
    const startedAt = new Date();
    const { event } = webhookTry;
    const span = startSpan('webhook.attempt', event.origin?.traceparent, { 'notify.attempt': webhookTry.attempt, 'http.request.method': subscription.httpMethod }, SpanKind.CLIENT);
    const request = buildWebhookRequest(subscription, event);
    // Always sent, exporter or not: the receiver can join its own spans to the publisher's trace.
    request.headers.traceparent = traceparentOf(span)!;
    const { outcome, ...result } = await this.sender.send(request);
    span.setAttributes({ 'notify.outcome': outcome, ...(result.responseStatus !== null && { 'http.response.status_code': result.responseStatus }) });
    endSpan(span, outcome === 'success' ? undefined : outcome);
    recordAttemptMetrics(outcome, result.durationMs, event.createdAt);
    this.logger.debug({ reqId: event.origin?.reqId, deliveryId: webhookTry.deliveryId, attempt: webhookTry.attempt, outcome, status: result.responseStatus, ms: result.durationMs, msg: 'webhook attempt' });
    const firstAttemptAt = webhookTry.firstAttemptAt ? new Date(webhookTry.firstAttemptAt) : startedAt;
    await this.outcomes.record(this.judge(job, webhookTry, result, startedAt, firstAttemptAt, subscription.ordering === 'fifo'));
  }

  private judge(job: DeliverWebhooksJob, webhookTry: WebhookTry, result: Omit<SendResult, 'outcome'>, startedAt: Date, firstAttemptAt: Date, fifo: boolean): Outcome {
    const succeeded = result.responseStatus !== null && result.responseStatus >= 200 && result.responseStatus < 300;
    const decision = succeeded ? undefined : decideRetry(webhookTry.attempt, firstAttemptAt, new Date(), this.config.retry);
    const attempt: AttemptOutcome = {
      attemptId: randomUUID(),
      deliveryId: webhookTry.deliveryId,
      tenantId: job.tenantId,
      attemptNumber: webhookTry.attempt,
      startedAt,
      ...result,
      status: succeeded ? 'succeeded' : decision?.kind === 'retry' ? 'pending' : 'failed',
      nextAttemptAt: decision?.kind === 'retry' ? decision.at : null,
    };
    const outcome: Outcome = { attempt, subscriptionId: job.subscriptionId, event: webhookTry.event, firstAttemptAt, fifo };
    if (decision?.kind !== 'retry') return outcome;
    const next: WebhookTry = { ...webhookTry, attempt: webhookTry.attempt + 1, firstAttemptAt: firstAttemptAt.toISOString() };
    return { ...outcome, retry: { job: { ...job, tries: [next] }, delayMs: decision.at.getTime() - Date.now() } };
  }
}
