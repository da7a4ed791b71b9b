import { register } from 'prom-client';
import { recordAttemptMetrics } from './delivery.metrics';

const valueOf = async (name: string, labels: Record<string, string> = {}) => {
  const metric = await register.getSingleMetric(name)!.get();
  return metric.values.find((v) => Object.entries(labels).every(([k, x]) => String(v.labels[k]) === x))?.value ?? 0;
};

describe(recordAttemptMetrics.name, () => {
  it('counts every try by outcome and times it, but measures lag only for a success', async () => {
    const publishedAt = new Date(Date.now() - 2000).toISOString();
    recordAttemptMetrics('http_error', 120, publishedAt);
    recordAttemptMetrics('success', 80, publishedAt);

    await expect(valueOf('notify_delivery_attempts_total', { outcome: 'http_error' })).resolves.toBe(1);
    await expect(valueOf('notify_delivery_attempts_total', { outcome: 'success' })).resolves.toBe(1);
    await expect(valueOf('notify_delivery_attempt_duration_seconds', { le: '0.1' })).resolves.toBe(1);
    await expect(valueOf('notify_delivery_attempt_duration_seconds', { le: '0.25' })).resolves.toBe(2);
    await expect(valueOf('notify_delivery_lag_seconds', { le: '1' })).resolves.toBe(0);
    await expect(valueOf('notify_delivery_lag_seconds', { le: '2.5' })).resolves.toBe(1);
  });
});
