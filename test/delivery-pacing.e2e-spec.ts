import { createServer, Server } from 'node:http';
import { AddressInfo, createServer as createNetServer } from 'node:net';
import { Receiver } from './support/receiver';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { createWebhook, publish } from './support/webhooks';

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The most arrivals inside any one-second window [t, t + 1000) that starts at an arrival. */
function busiestSecond(arrivals: number[]): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  return Math.max(...sorted.map((start, i) => sorted.slice(i).filter((at) => at < start + 1000).length));
}

/**
 * A receiver that answers 500 to the first request of every webhook-id and 200 to the next, after `delayMs`,
 * counting how many requests it holds open at once.
 */
class FailFirstReceiver {
  readonly successes: string[] = [];
  maxInFlight = 0;
  private inFlight = 0;
  private readonly seen = new Set<string>();
  private server!: Server;

  constructor(private readonly delayMs: number) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on('close', () => this.inFlight--);
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['webhook-id']);
        const first = !this.seen.has(id);
        this.seen.add(id);
        setTimeout(() => {
          if (!first) this.successes.push(id);
          res.writeHead(first ? 500 : 200).end(first ? 'not yet' : 'ok');
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Each webhook-id in the order it first succeeded (a redelivery after a crash may repeat one later). */
  firstSuccesses(): string[] {
    return [...new Set(this.successes)];
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('delivery pacing: rateLimitPerSecond and FIFO ordering', () => {
  let stack: Stack;
  let key: string;

  beforeAll(async () => {
    stack = await Stack.start({
      apps: ['api-gateway', 'subscription-matcher', 'webhook-deliverer'],
      env: { DELIVERY_TIMEOUT_MS: '2000', RETRY_BASE_DELAY_MS: '100', RETRY_MAX_DELAY_MS: '200' },
    });
    await stack.startApp('webhook-deliverer', { port: await freePort() });
  });
  beforeEach(async () => {
    key = (await stack.createTenant()).apiKey;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('validates the new fields with a 422, and PATCH sets and clears them', async () => {
    for (const body of [{ rateLimitPerSecond: 0 }, { rateLimitPerSecond: 10_001 }, { rateLimitPerSecond: 1.5 }, { rateLimitPerSecond: '5' }, { ordering: 'lifo' }]) {
      const response = await stack.api('POST', '/v1/subscriptions', { key, body: { url: 'http://127.0.0.1:9/x', ...body } });
      expect([JSON.stringify(body), response.status]).toEqual([JSON.stringify(body), 422]);
    }
    const sub = await createWebhook(stack, key, { url: 'http://127.0.0.1:9/x' });
    expect(sub).toMatchObject({ rateLimitPerSecond: null, ordering: 'none' });
    const patched = await stack.api('PATCH', `/v1/subscriptions/${sub.id}`, { key, body: { rateLimitPerSecond: 25, ordering: 'fifo' } });
    expect(patched.body).toMatchObject({ rateLimitPerSecond: 25, ordering: 'fifo' });
    const cleared = await stack.api('PATCH', `/v1/subscriptions/${sub.id}`, { key, body: { rateLimitPerSecond: null, ordering: null } });
    expect(cleared.body).toMatchObject({ rateLimitPerSecond: null, ordering: 'none' });
    expect((await stack.api('GET', `/v1/subscriptions/${sub.id}`, { key })).body).toMatchObject({ rateLimitPerSecond: null, ordering: 'none' });
  });

  it('lets no more than rateLimitPerSecond tries a second reach the receiver across two deliverers, and loses none', async () => {
    const receiver = await Receiver.start(() => ({ status: 200 }));
    try {
      const sub = await createWebhook(stack, key, { url: `${receiver.url}/limited`, rateLimitPerSecond: 10 });
      const published = await stack.api('POST', '/v1/events/batch', {
        key, body: { events: Array.from({ length: 60 }, (_, n) => ({ type: 'paced', payload: { n } })) },
      });
      expect(published.body.ids).toHaveLength(60);

      await waitFor(() => new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size === 60, 'all 60 webhooks', 30_000);
      const arrivals = receiver.requests.map((r) => r.at);
      expect(busiestSecond(arrivals)).toBeLessThanOrEqual(11);
      expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeGreaterThanOrEqual(4500);

      // Held-back tries were neither failed nor counted: every delivery succeeded on its first attempt.
      const deliveries = await waitFor(async () => {
        const { body } = await stack.api('GET', `/v1/subscriptions/${sub.id}/deliveries?limit=100`, { key });
        return body.items.every((d: { status: string }) => d.status === 'succeeded') && body.items;
      }, 'every delivery recorded');
      expect(deliveries.map((d: { attemptCount: number }) => d.attemptCount)).toEqual(Array(60).fill(1));
    } finally {
      await receiver.close();
    }
  });

  it('sends a FIFO subscription its deliveries one at a time in publish order, a failing one holding the next', async () => {
    const receiver = await new FailFirstReceiver(20).start();
    try {
      await createWebhook(stack, key, { url: `${receiver.url}/fifo`, ordering: 'fifo' });
      const published: string[] = [];
      for (let n = 0; n < 50; n++) published.push(await publish(stack, key, { type: 'ordered', payload: { n } }));

      await waitFor(() => receiver.firstSuccesses().length === 50, 'all 50 FIFO deliveries to succeed', 60_000);
      expect(receiver.firstSuccesses()).toEqual(published);
      expect(receiver.maxInFlight).toBe(1);
    } finally {
      await receiver.close();
    }
  });

  it('keeps the FIFO order and one request in flight when a deliverer is killed -9 mid-run', async () => {
    const receiver = await new FailFirstReceiver(50).start();
    try {
      await createWebhook(stack, key, { url: `${receiver.url}/fifo-kill`, ordering: 'fifo' });
      const published: string[] = [];
      for (let n = 0; n < 30; n++) published.push(await publish(stack, key, { type: 'ordered', payload: { n } }));

      await waitFor(() => receiver.firstSuccesses().length >= 8, 'the line to get going');
      await stack.stopApp('webhook-deliverer', 'SIGKILL');
      await waitFor(() => receiver.firstSuccesses().length === 30, 'the line to finish on the other deliverer', 90_000);
      expect(receiver.firstSuccesses()).toEqual(published);
      expect(receiver.maxInFlight).toBe(1);
    } finally {
      await receiver.close();
      await stack.startApp('webhook-deliverer');
    }
  });
});
