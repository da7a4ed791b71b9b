import type { AttemptOutcomeLabel } from '@app/webhooks';
import { Counter, Histogram } from 'prom-client';

const attempts = new Counter({
  name: 'notify_delivery_attempts_total',
  help: 'Webhook tries by outcome (refused = the target is a private address)',
  labelNames: ['outcome'],
});

const attemptDuration = new Histogram({
  name: 'notify_delivery_attempt_duration_seconds',
  help: 'Time of one webhook try, from sending to the recorded answer',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

const lag = new Histogram({
  name: 'notify_delivery_lag_seconds',
  help: 'Time from publish to the successful try of a delivery',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400],
});

export const deliveriesFinal = new Counter({
  name: 'notify_deliveries_final_total',
  help: 'Webhook deliveries that reached a final state, by that state',
  labelNames: ['status'],
});

export function recordAttemptMetrics(outcome: AttemptOutcomeLabel, durationMs: number, publishedAt: string): void {
  attempts.inc({ outcome });
  attemptDuration.observe(durationMs / 1000);
  if (outcome === 'success') lag.observe(Math.max(0, Date.now() - Date.parse(publishedAt)) / 1000);
}
