import { randomBytes } from 'node:crypto';
import { OtlpReceiver } from './support/otlp-receiver';
import { Receiver } from './support/receiver';
import { ALL_APPS, Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { createWebhook, publish, settled } from './support/webhooks';
import { WsClient } from './support/ws-client';

const API_KEY = 'obs_known_api_key_0123456789abcdef';
const HEADER_VALUE = 'hdr_marker_5b1f0c';
const PAYLOAD_MARKER = 'payload_marker_93ad71';

describe('logs and traces across the four apps', () => {
  let stack: Stack;
  let receiver: Receiver;
  let otlp: OtlpReceiver;
  let secret: string;

  beforeAll(async () => {
    otlp = await OtlpReceiver.start();
    receiver = await Receiver.start((request) => ({ status: request.url.startsWith('/fail') ? 500 : 200, body: 'nope' }));
    stack = await Stack.start({
      env: { BOOTSTRAP_API_KEY: API_KEY, LOG_LEVEL: 'debug', OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_BSP_SCHEDULE_DELAY: '200', RETRY_MAX_AGE_MS: '500' },
    });
    secret = (await createWebhook(stack, API_KEY, { url: `${receiver.url}/ok?token=${HEADER_VALUE}`, eventTypes: ['t.ok'], headers: { 'X-Custom': HEADER_VALUE } })).secret;
    await createWebhook(stack, API_KEY, { url: `${receiver.url}/fail`, eventTypes: ['t.fail'], headers: { Authorization: `Bearer ${HEADER_VALUE}` } });
  });
  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
    await otlp?.close();
  });

  it('carries a publish traceparent to the webhook and exports spans of that trace from every stage', async () => {
    const traceId = randomBytes(16).toString('hex');
    const firehose = await WsClient.ready(stack.wsUrl, API_KEY);
    const eventId = await publish(stack, API_KEY, { type: 't.ok', payload: { note: PAYLOAD_MARKER } }, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    await firehose.count('event', 1);
    firehose.close();
    const [webhook] = await waitFor(() => receiver.requests.filter((r) => r.headers['webhook-id'] === eventId).length > 0 && receiver.requests.filter((r) => r.headers['webhook-id'] === eventId), 'the webhook');
    expect(webhook.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    const services = ['api-gateway', 'subscription-matcher', 'webhook-deliverer', 'ws-gateway'];
    const spans = await waitFor(() => {
      const ofTrace = otlp.spans.filter((s) => s.traceId === traceId);
      return services.every((service) => ofTrace.some((s) => s.service === service)) && ofTrace;
    }, 'spans of the trace from every app', 20_000);
    const byName = (name: string) => spans.find((s) => s.name === name)!;
    expect(byName('events.match').parentSpanId).toBe(byName('events.publish').spanId);
    expect(byName('webhook.attempt').parentSpanId).toBe(byName('events.match').spanId);
    expect(webhook.headers.traceparent).toContain(byName('webhook.attempt').spanId);
  });

  it('sends a traceparent even when the publish had none', async () => {
    const eventId = await publish(stack, API_KEY, { type: 't.ok', payload: {} });
    const [webhook] = await waitFor(() => receiver.requests.filter((r) => r.headers['webhook-id'] === eventId).length > 0 && receiver.requests.filter((r) => r.headers['webhook-id'] === eventId), 'the webhook');
    expect(webhook.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('writes JSON lines with the required fields, follows a request id into matching and delivery, and never logs a credential, secret, header value or payload', async () => {
    const failing = await stack.api('POST', '/v1/events', { key: API_KEY, body: { type: 't.fail', payload: { note: PAYLOAD_MARKER } }, headers: { 'x-request-id': 'obs-req-1' } });
    expect(failing.status).toBe(202);
    expect(failing.headers.get('x-request-id')).toBe('obs-req-1');
    await settled(stack, API_KEY, failing.body.id);
    // Failing requests: credentials in the query, in X-API-Key, malformed JSON holding the marker, a bad filter.
    expect((await stack.api('GET', `/v1/subscriptions?token=${API_KEY}`)).status).toBe(401);
    expect((await stack.api('GET', '/v1/subscriptions', { headers: { 'x-api-key': `${API_KEY}x` } })).status).toBe(401);
    expect((await stack.api('POST', '/v1/events', { key: API_KEY, rawBody: `{"type":"t","payload":{"n":"${PAYLOAD_MARKER}"` })).status).toBe(400);
    expect((await stack.api('POST', '/v1/events', { key: API_KEY, body: { type: 't.bad', payload: [PAYLOAD_MARKER], channels: API_KEY } })).status).toBe(422);
    const refused = await WsClient.connect(`${stack.wsUrl}?token=${API_KEY}x`);
    expect((await refused.closedWith()).code).toBe(1008);

    const secretBytes = secret.slice('whsec_'.length);
    for (const app of ALL_APPS) {
      const output = stack.logs(app);
      for (const marker of [API_KEY, secretBytes, HEADER_VALUE, PAYLOAD_MARKER]) expect({ app, leaked: output.includes(marker) ? marker : undefined }).toEqual({ app, leaked: undefined });
      const lines = output.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line).toMatchObject({ level: expect.any(String), time: expect.any(String), app, msg: expect.any(String) });
        if ('route' in line) expect(line).toMatchObject({ reqId: expect.any(String), method: expect.any(String), status: expect.any(Number), ms: expect.any(Number) });
      }
    }
    const tagged = (app: (typeof ALL_APPS)[number]) => stack.logs(app).split('\n').filter((l) => l.includes('"reqId":"obs-req-1"'));
    expect(tagged('api-gateway').map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ route: '/v1/events', status: 202 }));
    expect(tagged('subscription-matcher').map((l) => JSON.parse(l).msg)).toContain('event matched');
    expect(tagged('webhook-deliverer').map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ msg: 'webhook attempt', outcome: 'http_error' }));
  });
});
