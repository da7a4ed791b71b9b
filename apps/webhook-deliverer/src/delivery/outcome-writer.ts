import { Injectable, Logger } from '@nestjs/common';
import { AppEvent, isReservedEventType } from '@app/contracts';
import { FifoLines, OperationalEventPublisher, PubSubClient, ScheduledWebhooks, WebhookJobProducer } from '@app/messaging';
import { AttemptOutcome, AttemptRepository, SubscriptionRepository } from '@app/persistence';
import { isUnavailableError, MicroBatcher } from '@app/platform';
import { deliveriesFinal } from './delivery.metrics';

export interface Outcome {
  attempt: AttemptOutcome;
  subscriptionId: string;
  /** The delivered event, named in the `notify.delivery.failed` event a final failure publishes. */
  event: { id: string; type: string };
  firstAttemptAt: Date;
  /** The subscription delivers in FIFO order: this delivery held its line. */
  fifo: boolean;
  /** The next try, when this one failed and the delivery is still inside its retry age. */
  retry?: ScheduledWebhooks;
}

/**
 * Writes the outcomes of concurrently running tries together: one statement records all attempts and moves
 * their deliveries, one addBulk schedules all retries, one update stamps the subscriptions' last success.
 * A job finishes only after its outcome is in Postgres, so a crash never loses a recorded result.
 */
@Injectable()
export class OutcomeWriter {
  private readonly logger = new Logger(OutcomeWriter.name);
  private readonly batcher = new MicroBatcher<Outcome>((outcomes) => this.write(outcomes), { maxSize: 500, maxWaitMs: 5 });

  constructor(
    private readonly attempts: AttemptRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly webhooks: WebhookJobProducer,
    private readonly events: PubSubClient,
    private readonly operational: OperationalEventPublisher,
    private readonly lines: FifoLines,
  ) {}

  record(outcome: Outcome): Promise<void> {
    return this.batcher.submit(outcome);
  }

  private async write(outcomes: Outcome[]): Promise<void[]> {
    const recorded = await this.recordAttempts(outcomes.map((o) => o.attempt));
    const mine = outcomes.filter((o) => recorded.has(o.attempt.deliveryId));
    for (const { attempt } of mine) if (attempt.status !== 'pending') deliveriesFinal.inc({ status: attempt.status });
    await this.webhooks.enqueue(mine.flatMap((o) => (o.retry ? [o.retry] : [])));
    await this.subscriptions.recordSuccesses(lastSuccesses(mine));
    await this.moveLines(mine.filter((o) => o.fifo));
    const failed = mine.filter((o) => o.attempt.status === 'failed');
    for (const outcome of failed) await this.disableIfDead(outcome);
    await this.publishFailures(failed);
    return outcomes.map(() => undefined);
  }

  /**
   * `notify.delivery.failed` for each delivery that ended failed, right after its final state is written. None
   * for a delivery that itself carried a `notify.*` event: a receiver failing those would otherwise be sent
   * one more failure event per failure, without end. The outcomes are recorded already, so a failure here is
   * logged, not thrown (a retried job would record nothing and publish nothing either).
   */
  private async publishFailures(failed: Outcome[]): Promise<void> {
    const failures = failed.filter((o) => !isReservedEventType(o.event.type)).map((o) => ({
      tenantId: o.attempt.tenantId,
      payload: {
        deliveryId: o.attempt.deliveryId,
        eventId: o.event.id,
        subscriptionId: o.subscriptionId,
        attemptCount: o.attempt.attemptNumber,
        lastResponseStatus: o.attempt.responseStatus,
      },
    }));
    await this.operational.deliveriesFailed(failures).catch((error: Error) => {
      this.logger.error(`${failures.length} notify.delivery.failed events could not be stored: ${error.message}`);
    });
  }

  /**
   * One statement for the whole batch; should Postgres refuse it for one row's data, the rows are written one by
   * one so that row cannot lose the others' outcomes (and make their deliveries be sent again). A row refused on
   * its own is recorded without its response body. Outages are not retried here: the jobs retry.
   */
  private async recordAttempts(attempts: AttemptOutcome[]): Promise<Set<string>> {
    try {
      return await this.attempts.recordOutcomes(attempts);
    } catch (error) {
      if (isUnavailableError(error) || attempts.length === 1) throw error;
      this.logger.warn(`recording ${attempts.length} attempts together failed, recording them one by one: ${(error as Error).message}`);
    }
    const recorded = new Set<string>();
    for (const attempt of attempts) {
      for (const id of await this.recordOne(attempt)) recorded.add(id);
    }
    return recorded;
  }

  private async recordOne(attempt: AttemptOutcome): Promise<Set<string>> {
    try {
      return await this.attempts.recordOutcomes([attempt]);
    } catch (error) {
      if (isUnavailableError(error)) throw error;
      this.logger.warn(`attempt ${attempt.attemptNumber} of delivery ${attempt.deliveryId} recorded without its response body: ${(error as Error).message}`);
      return this.attempts.recordOutcomes([{ ...attempt, responseBody: null, error: 'the response could not be stored' }]);
    }
  }

  /**
   * A FIFO head that will retry keeps its line through the backoff; one that ended hands the line to the next.
   * Should this fail, the write stands and the sweeper restarts the line once its lease runs out.
   */
  private async moveLines(heads: Outcome[]): Promise<void> {
    if (heads.length === 0) return;
    try {
      await this.lines.hold(heads.flatMap((o) => (o.retry && o.attempt.nextAttemptAt ? [{ deliveryId: o.attempt.deliveryId, at: o.attempt.nextAttemptAt }] : [])));
      await this.lines.advance(heads.filter((o) => !o.retry).map((o) => o.subscriptionId));
    } catch (error) {
      this.logger.warn(`could not move ${heads.length} FIFO lines on (the sweeper will): ${(error as Error).message}`);
    }
  }

  /** A subscription whose delivery failed for good with no success since that delivery began is disabled. */
  private async disableIfDead(outcome: Outcome): Promise<void> {
    const reason = `delivery ${outcome.attempt.deliveryId} failed after ${outcome.attempt.attemptNumber} attempts with no successful delivery since ${outcome.firstAttemptAt.toISOString()}`;
    if (!(await this.subscriptions.disableUnlessSucceededSince(outcome.subscriptionId, outcome.firstAttemptAt, reason))) return;
    const disabledAt = new Date().toISOString();
    this.logger.warn(`subscription ${outcome.subscriptionId} disabled: ${reason}`);
    const { tenantId } = outcome.attempt;
    const { subscriptionId } = outcome;
    await this.events.announce(AppEvent.subscriptionChanged, { tenantId, subscriptionId }).catch(() => undefined);
    // Only the transition returns true above, so this is published once per disable.
    await this.operational.subscriptionDisabled(tenantId, { subscriptionId, reason, disabledAt }).catch((error: Error) => {
      this.logger.error(`notify.subscription.disabled for ${subscriptionId} could not be stored: ${error.message}`);
    });
  }
}

function lastSuccesses(outcomes: Outcome[]): Map<string, Date> {
  const latest = new Map<string, Date>();
  for (const o of outcomes.filter((x) => x.attempt.status === 'succeeded')) {
    const at = o.attempt.startedAt;
    if (!latest.has(o.subscriptionId) || latest.get(o.subscriptionId)! < at) latest.set(o.subscriptionId, at);
  }
  return latest;
}
