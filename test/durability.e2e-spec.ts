import { flushE2eRedis } from './support/e2e-redis';
import { Receiver } from './support/receiver';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { createWebhook, publish } from './support/webhooks';

/** Every event below must end with exactly its deliveries succeeded, whatever was killed or flushed on the way. */
async function allSucceeded(stack: Stack, key: string, eventIds: string[], timeoutMs: number): Promise<void> {
  await waitFor(async () => {
    const statuses = await Promise.all(eventIds.map((id) => stack.api('GET', `/v1/events/${id}`, { key })));
    return statuses.every((s) => s.body.status === 'matched' && s.body.deliveries.succeeded === 1 && s.body.deliveries.total === 1);
  }, `all ${eventIds.length} events to be delivered`, timeoutMs, 250);
}

/** Points an app at a Redis nobody listens on: the one Redis, or on a cluster run (test:cluster) the cluster. */
function unreachableRedis(stack: Stack): Record<string, string> {
  return { REDIS_URL: 'redis://127.0.0.1:1', ...(stack.env.REDIS_CLUSTER_NODES ? { REDIS_CLUSTER_NODES: '127.0.0.1:1' } : {}) };
}

describe('durability: nothing accepted is lost', () => {
  let stack: Stack;
  let receiver: Receiver;
  let key: string;

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway', 'subscription-matcher', 'webhook-deliverer'], env: { DELIVERY_TIMEOUT_MS: '1500' } });
    receiver = await Receiver.start();
  });
  beforeEach(async () => {
    key = (await stack.createTenant()).apiKey;
    receiver.requests.length = 0;
  });
  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  it('delivers everything when the deliverer is killed -9 with deliveries in flight, same webhook-id on duplicates', async () => {
    await createWebhook(stack, key, { url: `${receiver.url}/hook` });
    receiver.respondWith(() => ({ status: 200, delayMs: 300 }));
    const ids = await Promise.all(Array.from({ length: 60 }, (_, n) => publish(stack, key, { type: 'k', payload: { n } })));
    await waitFor(() => receiver.requests.length > 0, 'deliveries to be in flight');

    await stack.stopApp('webhook-deliverer', 'SIGKILL');
    receiver.respondWith(() => ({ status: 200 }));
    await stack.startApp('webhook-deliverer');

    await allSucceeded(stack, key, ids, 45_000);
    const delivered = new Set(receiver.requests.filter((r) => r.url === '/hook').map((r) => r.headers['webhook-id']));
    expect(delivered).toEqual(new Set(ids));
  });

  it('re-queues from Postgres what a flushed Redis lost', async () => {
    await createWebhook(stack, key, { url: `${receiver.url}/after-flush` });
    await stack.stopApp('subscription-matcher', 'SIGKILL');
    const ids = await Promise.all(Array.from({ length: 10 }, (_, n) => publish(stack, key, { type: 'f', payload: { n } })));
    await flushE2eRedis(stack.env as { REDIS_URL: string });

    await stack.startApp('subscription-matcher');
    await allSucceeded(stack, key, ids, 30_000);
    expect(new Set(receiver.requests.filter((r) => r.url === '/after-flush').map((r) => r.headers['webhook-id']))).toEqual(new Set(ids));
  });

  it('answers 503 on /health and on publish within 5 s while Redis is unreachable, without exiting', async () => {
    const app = await stack.startApp('api-gateway', { port: stack.ports.get('ws-gateway')!, env: unreachableRedis(stack), awaitHealthy: false });
    try {
      const base = `http://127.0.0.1:${app.port}`;
      const health = await waitFor(async () => {
        const response = await fetch(`${base}/health`).catch(() => undefined);
        return response?.status === 503 && response;
      }, 'health to answer 503');
      expect(await health.json()).toMatchObject({ statusCode: 503, redis: 'down', postgres: 'up' });
      const started = Date.now();
      const publishing = await fetch(`${base}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'x', payload: {} }),
      });
      expect(publishing.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(app.process.exitCode).toBeNull();
    } finally {
      await stack.stopApp(app, 'SIGKILL');
    }
  });
});
