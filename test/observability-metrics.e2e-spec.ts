import { dropOwnDatabaseAndQueues, ownDatabaseAndQueues } from './support/own-database';
import { parsePrometheusText, Sample, valueOf } from './support/prometheus-text';
import { Receiver } from './support/receiver';
import { AppName, ALL_APPS, Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { createWebhook, publish, settled } from './support/webhooks';
import { WsClient } from './support/ws-client';

const METRICS_TOKEN = 'e2e-metrics-token-0123456789';

describe('GET /metrics after a known workload', () => {
  let stack: Stack;
  let receiver: Receiver;
  let firehose: WsClient;
  let failedAttempts: number;

  const scrape = async (app: AppName, token = METRICS_TOKEN) =>
    fetch(`http://127.0.0.1:${stack.ports.get(app)}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const samplesOf = async (app: AppName): Promise<Sample[]> => parsePrometheusText(await (await scrape(app)).text());

  /**
   * Exact counts need a workload of our own: an earlier file's events still pending in the run's database would be
   * swept to this matcher, and its queued jobs in the run's Redis taken, and counted here.
   */
  beforeAll(async () => {
    stack = await Stack.start({ env: { DATABASE_URL: await ownDatabaseAndQueues('metrics'), METRICS_TOKEN, RETRY_MAX_AGE_MS: '700' } });
    receiver = await Receiver.start((request) => ({ status: request.url.startsWith('/fail') ? 500 : 204 }));
    const { apiKey } = await stack.createTenant();
    await createWebhook(stack, apiKey, { url: `${receiver.url}/ok`, eventTypes: ['t.ok'] });
    await createWebhook(stack, apiKey, { url: `${receiver.url}/fail`, eventTypes: ['t.fail'] });
    firehose = await WsClient.ready(stack.wsUrl, apiKey);
    const types = ['t.ok', 't.fail', 't.none', 't.none', 't.none'];
    const ids: string[] = [];
    for (const type of types) ids.push(await publish(stack, apiKey, { type, payload: { n: ids.length } }));
    await firehose.count('event', 5);
    const settledEvents = await Promise.all(ids.map((id) => settled(stack, apiKey, id)));
    expect(settledEvents.map((e) => e.deliveries)).toMatchObject([{ succeeded: 1 }, { failed: 1 }, { total: 0 }, { total: 0 }, { total: 0 }]);
    const { body } = await stack.api('GET', `/v1/events/${ids[1]}/deliveries`, { key: apiKey });
    failedAttempts = body.items[0].attemptCount;
    // The failure also publishes notify.delivery.failed and notify.subscription.disabled; the matcher counts them.
    await waitFor(async () => {
      const { body: page } = await stack.api('GET', '/v1/events?limit=50', { key: apiKey });
      const operational = page.items.filter((e: { type: string; status: string }) => e.type.startsWith('notify.'));
      return operational.length === 2 && operational.every((e: { status: string }) => e.status === 'matched');
    }, 'the two operational events to be matched');
  });
  afterAll(async () => {
    firehose?.close();
    await stack?.stop();
    await receiver?.close();
    if (stack) await dropOwnDatabaseAndQueues(stack.env.DATABASE_URL);
  });

  it('answers 401 without the token or with a wrong one, and 200 in the Prometheus text format with it', async () => {
    for (const app of ALL_APPS) {
      expect((await scrape(app, '')).status).toBe(401);
      expect((await scrape(app, 'wrong')).status).toBe(401);
      const response = await scrape(app);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
      const samples = parsePrometheusText(await response.text());
      expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(samples.some((s) => /tenant|Id$|^id$/.test(Object.keys(s.labels).join(',')))).toBe(false);
    }
  });

  it('counts published, matched and created on the gateway and the matcher', async () => {
    const gateway = await samplesOf('api-gateway');
    expect(valueOf(gateway, 'notify_events_published_total')).toBe(5);
    expect(valueOf(gateway, 'notify_http_requests_total', { method: 'POST', route: '/v1/events', status: '202' })).toBe(5);
    expect(valueOf(gateway, 'notify_http_request_duration_seconds_count', { method: 'POST', route: '/v1/events', status: '202' })).toBe(5);
    expect(valueOf(gateway, 'notify_http_requests_total', { method: 'POST', route: '/v1/subscriptions', status: '201' })).toBe(2);
    expect(gateway.filter((s) => s.name === 'notify_http_requests_total').every((s) => !/[0-9a-f]{8}-[0-9a-f]{4}/.test(s.labels.route))).toBe(true);
    expect(valueOf(gateway, 'notify_queue_jobs', { queue: 'published-events', state: 'waiting' })).toBe(0);

    const matcher = await samplesOf('subscription-matcher');
    expect(valueOf(matcher, 'notify_events_matched_total')).toBe(5 + 2);
    expect(valueOf(matcher, 'notify_deliveries_created_total', { transport: 'webhook' })).toBe(2);
    for (const state of ['waiting', 'active', 'delayed', 'failed']) {
      expect(matcher.filter((s) => s.name === 'notify_queue_jobs' && s.labels.state === state).map((s) => s.labels.queue).sort()).toEqual(['published-events', 'webhook-deliveries']);
    }
  });

  it('counts attempts by outcome, their durations, the lag and the final states on the deliverer', async () => {
    const deliverer = await samplesOf('webhook-deliverer');
    expect(failedAttempts).toBeGreaterThan(1);
    expect(valueOf(deliverer, 'notify_delivery_attempts_total', { outcome: 'success' })).toBe(1);
    expect(valueOf(deliverer, 'notify_delivery_attempts_total', { outcome: 'http_error' })).toBe(failedAttempts);
    expect(valueOf(deliverer, 'notify_delivery_attempts_total', { outcome: 'timeout' })).toBe(0);
    expect(valueOf(deliverer, 'notify_delivery_attempt_duration_seconds_count')).toBe(failedAttempts + 1);
    expect(valueOf(deliverer, 'notify_delivery_attempt_duration_seconds_bucket', { le: '+Inf' })).toBe(failedAttempts + 1);
    expect(valueOf(deliverer, 'notify_delivery_lag_seconds_count')).toBe(1);
    expect(valueOf(deliverer, 'notify_delivery_lag_seconds_sum')).toBeGreaterThan(0);
    expect(valueOf(deliverer, 'notify_deliveries_final_total', { status: 'succeeded' })).toBe(1);
    expect(valueOf(deliverer, 'notify_deliveries_final_total', { status: 'failed' })).toBe(1);
  });

  it('counts open WebSocket connections by kind, and drops one when it closes', async () => {
    expect(valueOf(await samplesOf('ws-gateway'), 'notify_ws_connections', { kind: 'firehose' })).toBe(1);
    const second = await WsClient.ready(stack.wsUrl, (await stack.createTenant()).apiKey);
    expect(valueOf(await samplesOf('ws-gateway'), 'notify_ws_connections', { kind: 'firehose' })).toBe(2);
    second.close();
    await waitFor(async () => valueOf(await samplesOf('ws-gateway'), 'notify_ws_connections', { kind: 'firehose' }) === 1, 'the closed connection to leave the gauge');
  });
});
