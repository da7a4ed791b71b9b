import Redis from 'ioredis';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';

const SECRET = 'e2e-user-token-secret-0123456789abcdef';
const TENANTS = 6;
const USERS = 40;

/** One connection on its own channel, and the message published there the instant its ready frame arrives. */
interface Probe {
  kind: 'firehose' | 'inbox';
  credential: string;
  channel: string;
  id: string;
  message: object;
  frames: any[];
  socket?: WebSocket;
}

/** Raw `ws`, listening from the first byte: the publish must leave as soon as `ready` is read. */
function openAndPublishOnReady(url: string, probe: Probe, publisher: Redis): void {
  const socket = new WebSocket(url, ['notify.v1', `bearer.${probe.credential}`]);
  probe.socket = socket;
  socket.on('error', () => undefined);
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    probe.frames.push(frame);
    if (frame.kind === 'ready') void publisher.publish(probe.channel, JSON.stringify(probe.message));
  });
}

function received(probe: Probe): boolean {
  const [ready, pushed] = probe.frames;
  if (ready?.kind !== 'ready' || !pushed) return false;
  return probe.kind === 'firehose' ? pushed.kind === 'event' && pushed.id === probe.id : pushed.kind === 'notification' && pushed.notification.id === probe.id;
}

describe('ws-gateway: a message published the moment `ready` arrives is delivered', () => {
  let stack: Stack;
  let publisher: Redis;
  let admin: Redis;
  let probes: Probe[] = [];

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway', 'ws-gateway'], env: { USER_TOKEN_SECRET: SECRET } });
    publisher = new Redis(stack.env.REDIS_URL);
    admin = new Redis(stack.env.REDIS_URL);
  });

  afterEach(() => {
    for (const probe of probes) probe.socket?.terminate();
    probes = [];
  });

  afterAll(async () => {
    publisher?.disconnect();
    admin?.disconnect();
    await stack?.stop();
  });

  /** Firehoses of fresh tenants and inboxes of fresh users: every connection needs a SUBSCRIBE of its own. */
  async function freshProbes(): Promise<Probe[]> {
    const tenants = await Promise.all(Array.from({ length: TENANTS }, (_, n) => stack.createTenant(`ready-${n}`)));
    const firehoses = tenants.map((tenant): Probe => {
      const id = randomUUID();
      const message = { id, type: 'ready.test', payload: { n: 1 }, channels: [], createdAt: new Date().toISOString() };
      return { kind: 'firehose', credential: tenant.apiKey, channel: `notify:events:${tenant.id}`, id, message, frames: [] };
    });
    const inboxes = Array.from({ length: USERS }, (): Probe => {
      const tenantId = tenants[0].id;
      const userId = `u-${randomUUID()}`;
      const credential = jwt.sign({ sub: userId, tid: tenantId, exp: Math.floor(Date.now() / 1000) + 600 }, SECRET, { algorithm: 'HS256' });
      const id = randomUUID();
      const message = { id, type: 'note', message: 'right after ready', meta: null, ts: Date.now(), read: false };
      return { kind: 'inbox', credential, channel: `notify:user:${tenantId}:${userId}`, id, message, frames: [] };
    });
    return [...firehoses, ...inboxes];
  }

  async function expectEveryProbeDelivered(): Promise<void> {
    await waitFor(() => probes.every((p) => p.frames[0]?.kind === 'ready'), 'every connection to be ready');
    const missing = () => probes.filter((p) => !received(p)).map((p) => `${p.kind} ${p.channel}`);
    await waitFor(() => missing().length === 0, 'every message published on ready to arrive', 10_000).catch(() => undefined);
    expect(missing()).toEqual([]);
  }

  it('for many firehose and inbox connections opened at once', async () => {
    probes = await freshProbes();
    for (const probe of probes) openAndPublishOnReady(stack.wsUrl, probe, publisher);
    await expectEveryProbeDelivered();
  });

  it('while the gateway re-establishes its Redis subscriber connection (ready waits for the SUBSCRIBE)', async () => {
    probes = await freshProbes();
    const db = new URL(stack.env.REDIS_URL).pathname.slice(1) || '0';
    const pubsubClients = ((await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string).split('\n').filter((line) => line.includes(` db=${db} `));
    expect(pubsubClients.length).toBeGreaterThan(0);
    for (const line of pubsubClients) await admin.call('CLIENT', 'KILL', 'ID', /\bid=(\d+)/.exec(line)![1]);
    for (const probe of probes) openAndPublishOnReady(stack.wsUrl, probe, publisher);
    await expectEveryProbeDelivered();
    await waitFor(async () => (await stack.api('GET', '/health')).status === 200, 'the api-gateway to report ready again');
  });
});
