import { randomUUID } from 'node:crypto';
import { Receiver } from './support/receiver';
import { ALL_APPS, AppName, RunningApp, Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { createWebhook } from './support/webhooks';
import { freePort, WsClient } from './support/ws-client';

const EVENTS = 5000;
const BATCH = 100;
const SECRET = 'e2e-user-token-secret-0123456789abcdef';
/** Leases of messages a killed copy held come back after this long (seconds). */
const VISIBILITY = 10;

/** Which event (its payload's n) each message id carried, and how often it came. */
class Arrivals {
  private readonly eventOf = new Map<string, number>();
  private readonly counts = new Map<string, number>();

  add(id: string, n: number): void {
    this.eventOf.set(id, n);
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }

  get distinct(): number {
    return this.eventOf.size;
  }

  get duplicates(): number {
    return [...this.counts.values()].reduce((sum, n) => sum + n - 1, 0);
  }

  /**
   * Ids that came twice although their event was published after the kills, so no killed copy ever held it:
   * at-least-once cannot explain those. (Events published before may repeat: a copy died with them in flight.)
   */
  unexplainedDuplicates(publishedAfterKillsFrom: number): string[] {
    return [...this.counts].filter(([id, times]) => times > 1 && this.eventOf.get(id)! >= publishedAfterKillsFrom).map(([id]) => id);
  }
}

async function call(port: number, method: string, pathname: string, key: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Long-polls a pull subscription through whichever gateways still answer, acking every batch where it came from. */
class Puller {
  readonly arrivals = new Arrivals();
  private stopped = false;
  private readonly running: Promise<void>;

  constructor(private readonly ports: number[], private readonly key: string, private readonly sub: string) {
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    for (let turn = 0; !this.stopped; turn++) {
      const port = this.ports[turn % this.ports.length];
      try {
        const { body } = await call(port, 'GET', `/v1/subscriptions/${this.sub}/messages?max=100&wait=1`, this.key);
        const messages: { id: string; data: { n: number } }[] = body?.messages ?? [];
        messages.forEach((m) => this.arrivals.add(m.id, m.data.n));
        if (messages.length) await call(port, 'POST', `/v1/subscriptions/${this.sub}/messages/ack`, this.key, { ids: messages.map((m) => m.id) });
      } catch {
        this.ports.splice(this.ports.indexOf(port), 1); // that gateway was killed: keep to the others
      }
    }
  }
}

/** A durable WebSocket consumer that acks every frame as it comes, and reconnects to another gateway when told. */
class DurableReader {
  readonly arrivals = new Arrivals();
  client?: WsClient;

  constructor(private readonly key: string, private readonly sub: string) {}

  async connect(wsUrl: string): Promise<void> {
    const client = await WsClient.ready(`${wsUrl}?subscription=${this.sub}`, this.key);
    client.socket.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.kind !== 'event') return;
      this.arrivals.add(frame.id, frame.data.n);
      client.send({ kind: 'ack', ids: [frame.id] });
    });
    this.client = client;
  }
}

describe('replicas: two copies of every app on one Redis (a cluster under test:cluster), one of each killed -9 midway', () => {
  let stack: Stack;
  let receiver: Receiver;
  const copies = new Map<AppName, RunningApp>();
  const sockets: WsClient[] = [];

  beforeAll(async () => {
    // A sweep grace well above this busy box's queueing delays: the sweeper re-queues only what a kill stranded,
    // so every duplicate seen is one the kills explain.
    stack = await Stack.start({ apps: [], env: { USER_TOKEN_SECRET: SECRET, DELIVERY_TIMEOUT_MS: '2000', SWEEP_GRACE_MS: '15000' } });
    // One at a time: eight apps booting at once on a busy 2-core box miss the stack's health deadline.
    for (const name of ALL_APPS) await stack.startApp(name);
    for (const name of ALL_APPS) copies.set(name, await stack.startApp(name, { port: await freePort() }));
    receiver = await Receiver.start();
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.socket.terminate());
    await Promise.all([...copies.values()].map((copy) => stack?.stopApp(copy, 'SIGKILL')));
    await stack?.stop();
    await receiver?.close();
  });

  const wsUrlOf = (port: number) => `ws://127.0.0.1:${port}/v1/ws`;
  const gateways = () => [stack.ports.get('api-gateway')!, copies.get('api-gateway')!.port];

  async function publishBatches(key: string, from: number, to: number, ports: number[]): Promise<void> {
    for (let start = from; start < to; start += BATCH) {
      const events = Array.from({ length: BATCH }, (_, i) => ({ type: 'replica.test', payload: { n: start + i } }));
      const response = await call(ports[(start / BATCH) % ports.length], 'POST', '/v1/events/batch', key, { events });
      expect(response.status).toBe(202);
    }
  }

  /** Sends a notification through `port` and waits for it on every socket. */
  async function notifyAndExpect(key: string, port: number, user: string, on: WsClient[]): Promise<void> {
    const sent = await call(port, 'POST', '/v1/notifications', key, { user, type: 'note', message: `via ${port}` });
    expect(sent.status).toBe(201);
    for (const socket of on) await socket.next((f) => f.kind === 'notification' && f.notification.id === sent.body.id, `notification ${sent.body.id}`);
  }

  async function openInbox(key: string, user: string, wsPort: number): Promise<WsClient> {
    const token = (await call(gateways()[0], 'POST', `/v1/users/${user}/tokens`, key, {})).body.token;
    const socket = await WsClient.ready(wsUrlOf(wsPort), token);
    sockets.push(socket);
    return socket;
  }

  /** Kills the first copy of the matcher, deliverer and ws-gateway and the second api-gateway, all at once. */
  async function killOneOfEach(): Promise<void> {
    await Promise.all([
      stack.stopApp('subscription-matcher', 'SIGKILL'),
      stack.stopApp('webhook-deliverer', 'SIGKILL'),
      stack.stopApp('ws-gateway', 'SIGKILL'),
      stack.stopApp(copies.get('api-gateway')!, 'SIGKILL'),
    ]);
  }

  it(`delivers ${EVENTS} events to webhook, pull and durable WebSocket subscriptions, and inbox notifications on either gateway`, async () => {
    const { apiKey: key } = await stack.createTenant('replicas');
    await createWebhook(stack, key, { url: `${receiver.url}/hook` });
    const pullSub = (await stack.api('POST', '/v1/subscriptions', { key, body: { transport: 'pull', visibilityTimeout: VISIBILITY } })).body.id;
    const wsSub = (await stack.api('POST', '/v1/subscriptions', { key, body: { transport: 'websocket', visibilityTimeout: VISIBILITY } })).body.id;
    const wsPorts = [stack.ports.get('ws-gateway')!, copies.get('ws-gateway')!.port];

    const user = `user-${randomUUID()}`;
    const inboxes = [await openInbox(key, user, wsPorts[0]), await openInbox(key, user, wsPorts[1])];
    for (const port of gateways()) await notifyAndExpect(key, port, user, inboxes);

    const puller = new Puller(gateways(), key, pullSub);
    const durable = new DurableReader(key, wsSub);
    await durable.connect(wsUrlOf(wsPorts[0]));
    const webhookIds = () => new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size;

    await publishBatches(key, 0, EVENTS / 2, gateways());
    await waitFor(() => webhookIds() > 500 && puller.arrivals.distinct > 500 && durable.arrivals.distinct > 500, 'deliveries under way on every transport', 60_000, 50);
    await killOneOfEach();
    await durable.connect(wsUrlOf(wsPorts[1]));
    await publishBatches(key, EVENTS / 2, EVENTS, [stack.ports.get('api-gateway')!]);
    await notifyAndExpect(key, stack.ports.get('api-gateway')!, user, [inboxes[1]]);

    await waitFor(
      () => webhookIds() === EVENTS && puller.arrivals.distinct === EVENTS && durable.arrivals.distinct === EVENTS,
      `every event on every transport (webhook ${webhookIds()}, pull ${puller.arrivals.distinct}, ws ${durable.arrivals.distinct})`,
      120_000,
      250,
    );
    await puller.stop();
    for (const sub of [pullSub, wsSub]) {
      await waitFor(async () => (await stack.api('GET', `/v1/subscriptions/${sub}/deliveries?status=pending&limit=1`, { key })).body.total === 0, `no pending deliveries of ${sub}`, 30_000, 250);
    }

    const webhook = new Arrivals();
    receiver.requests.forEach((r) => webhook.add(String(r.headers['webhook-id']), JSON.parse(r.body).data.n));
    const after = EVENTS / 2;
    const unexplained = { webhook: webhook.unexplainedDuplicates(after), pull: puller.arrivals.unexplainedDuplicates(after), ws: durable.arrivals.unexplainedDuplicates(after) };
    expect(unexplained).toEqual({ webhook: [], pull: [], ws: [] });
    console.log(`replicas: duplicates after the kills: webhook ${webhook.duplicates}, pull ${puller.arrivals.duplicates}, ws ${durable.arrivals.duplicates}`);
  }, 240_000);
});
