#!/usr/bin/env node
/*
 * Scaling out on one Redis, the figures in docs/scaling.md:
 *
 * 1. Webhook deliveries/s with 1 and with 2 webhook-deliverer processes, against loopback receivers that answer
 *    after 50 ms. The delivery queue is paused while the events are published and matched, the api-gateway and
 *    matcher are stopped, and then the queue is resumed: what is timed is the deliverers draining the same backlog
 *    (resume -> every delivery `succeeded` in Postgres), not the publish path in front of them. Several tenants,
 *    each with its own subscription and receiver, so neither the per-subscription slot cap nor the per-tenant cap
 *    nor one origin's connection pool is what limits a process.
 * 2. WebSocket fan-out with 1 and with 2 ws-gateways: each user holds several sockets, spread over the gateways
 *    (socket k on gateway k mod G), and every user's notifications are published on its Redis channel at once.
 *    Every socket must get every notification (checked); frames/s, publish-to-frame latency and each gateway's
 *    CPU time per frame are reported.
 *
 *   npm run build && node bench/scaling.js
 *   BENCH_DELIVERIES=12000 BENCH_TENANTS=4 BENCH_RECEIVER_DELAY_MS=50 WS_USERS=200 WS_SOCKETS_PER_USER=4 WS_MESSAGES=20 node bench/scaling.js
 *
 * On a shared 2-core box every process here (Postgres, Redis, the apps, this script's receivers and clients)
 * competes for the same cores: compare the 1 and 2 figures of one run, not figures across runs.
 */
process.env.BENCH_DATABASE_URL ??= 'postgres://postgres:postgres@127.0.0.1:5432/notify_bench_scaling';
// Redis db 1: the e2e runs take dbs 2-15 (and flush theirs), `npm start` uses db 0.
process.env.BENCH_REDIS_URL ??= 'redis://127.0.0.1:6379/1';
const os = require('node:os');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { Client } = require('pg');
const { Queue } = require('bullmq');
const Redis = require('ioredis');
const jwt = require('jsonwebtoken');
const { ADMIN_TOKEN, DATABASE_URL, REDIS_URL, ROOT, api, countingReceiver, cpuSeconds, freePort, freshDatabase, openSocket, startApp, stopApp, waitHealthy } = require('./lib');

const built = (file) => require(path.join(ROOT, 'dist/apps/api-gateway/libs', file));
const { QueueName, PubSubChannel } = built('contracts/src');

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 12000);
const TENANTS = Number(process.env.BENCH_TENANTS ?? 4);
const RECEIVER_DELAY_MS = Number(process.env.BENCH_RECEIVER_DELAY_MS ?? 50);
const WS_USERS = Number(process.env.WS_USERS ?? 200);
const WS_SOCKETS_PER_USER = Number(process.env.WS_SOCKETS_PER_USER ?? 4);
const WS_MESSAGES = Number(process.env.WS_MESSAGES ?? 20);
const USER_TOKEN_SECRET = 'bench-user-token-secret-0123456789abcdef';

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

async function until(what, check, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts one app on a free port (its `portVariable`) and waits for its /health. */
async function startOnFreePort(name, portVariable, env = {}) {
  const port = await freePort();
  const child = startApp(name, { [portVariable]: String(port), ...env });
  await waitHealthy(port);
  return { child, port };
}

/** One tenant per receiver, each with one webhook subscription to it. Returns the tenants' API keys. */
async function webhookTenants(base, receivers) {
  const keys = [];
  for (const [i, receiver] of receivers.entries()) {
    const tenant = await api('POST', `${base}/v1/tenants`, ADMIN_TOKEN, { name: `scaling-${i}` });
    await api('POST', `${base}/v1/subscriptions`, tenant.apiKey, { url: `http://127.0.0.1:${receiver.port}/hook` });
    keys.push(tenant.apiKey);
  }
  return keys;
}

async function publishEvenly(base, keys, events) {
  const perTenant = Math.ceil(events / keys.length);
  for (const key of keys) {
    for (let i = 0; i < perTenant; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, perTenant - i) }, (_, n) => ({ type: 'bench.scaling', payload: { n: i + n } }));
      await api('POST', `${base}/v1/events/batch`, key, { events: batch });
    }
  }
  return perTenant * keys.length;
}

/** A queue handle on the bench's Redis, with BullMQ's default prefix (one Redis: no hash tags). */
const queueHandle = (name) => new Queue(name, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }) });
const queued = async (queue) => Object.values(await queue.getJobCounts('wait', 'paused', 'active', 'delayed', 'prioritized')).reduce((a, b) => a + b, 0);

/**
 * The backlog: every event matched and its delivery jobs waiting on the paused delivery queue, nothing left in the
 * matching queue; then the api-gateway and matcher are stopped, so only the deliverers work while timed.
 */
async function buildBacklog(receivers, deliveryQueue, db) {
  const gateway = await startOnFreePort('api-gateway', 'API_PORT');
  const matcher = await startOnFreePort('subscription-matcher', 'MATCHER_PORT');
  const matchQueue = queueHandle(QueueName.PublishedEvents);
  try {
    const keys = await webhookTenants(`http://127.0.0.1:${gateway.port}`, receivers);
    await deliveryQueue.pause();
    const total = await publishEvenly(`http://127.0.0.1:${gateway.port}`, keys, DELIVERIES);
    await until('every event matched', async () => (await queued(matchQueue)) === 0 && (await pendingDeliveries(db)) === total);
    return total;
  } finally {
    await matchQueue.close();
    await Promise.all([stopApp(gateway.child), stopApp(matcher.child)]);
  }
}

const pendingDeliveries = async (db) => (await db.query(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'pending'`)).rows[0].n;
const succeededDeliveries = async (db) => (await db.query(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'succeeded'`)).rows[0].n;

/** Deliveries/s of `deliverers` processes draining the same backlog. */
async function deliveryRate(deliverers) {
  await freshDatabase();
  const receivers = await Promise.all(Array.from({ length: TENANTS }, async () => {
    const port = await freePort();
    return { port, state: await countingReceiver(port, RECEIVER_DELAY_MS) };
  }));
  const deliveryQueue = queueHandle(QueueName.WebhookDeliveries);
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const apps = [];
  try {
    const total = await buildBacklog(receivers, deliveryQueue, db);
    // Started (and healthy) before the queue resumes, so no process drains alone while another boots.
    apps.push(...(await Promise.all(Array.from({ length: deliverers }, () => startOnFreePort('webhook-deliverer', 'DELIVERER_PORT')))));
    const cpuBefore = apps.map(({ child }) => cpuSeconds(child.pid));
    const started = Date.now();
    await deliveryQueue.resume();
    await until('every delivery succeeded', async () => (await succeededDeliveries(db)) >= total, 600_000);
    const seconds = (Date.now() - started) / 1000;
    const cpu = apps.map(({ child }, i) => +(cpuSeconds(child.pid) - cpuBefore[i]).toFixed(1));
    const received = receivers.reduce((sum, r) => sum + r.state.count, 0);
    return { deliverers, deliveries: total, seconds: +seconds.toFixed(1), perSecond: Math.round(total / seconds), received, delivererCpuSeconds: cpu };
  } finally {
    await Promise.all(apps.map(({ child }) => stopApp(child)));
    await deliveryQueue.close();
    await db.end();
    for (const receiver of receivers) receiver.state.server.close();
  }
}

async function deliverers() {
  const one = await deliveryRate(1);
  console.log(JSON.stringify({ webhook: one }));
  const two = await deliveryRate(2);
  console.log(JSON.stringify({ webhook: two }));
  return { receiverDelayMs: RECEIVER_DELAY_MS, tenants: TENANTS, one, two, ratio: +(two.perSecond / one.perSecond).toFixed(2) };
}

/** WS_USERS users with WS_SOCKETS_PER_USER sockets each, socket k of a user on gateway k mod G. */
async function connectUsers(tenantId, urls) {
  const users = [];
  for (let u = 0; u < WS_USERS; u++) {
    const userId = `user-${u}`;
    const token = jwt.sign({ sub: userId, tid: tenantId, exp: Math.floor(Date.now() / 1000) + 3600 }, USER_TOKEN_SECRET, { algorithm: 'HS256' });
    const sockets = await Promise.all(Array.from({ length: WS_SOCKETS_PER_USER }, (_, k) => openSocket(urls[k % urls.length], token)));
    users.push({ userId, sockets });
  }
  return users;
}

/** Publishes WS_MESSAGES notifications to every user at once; resolves once every socket has every one. */
async function fanOutRound(tenantId, users) {
  const expected = WS_USERS * WS_SOCKETS_PER_USER * WS_MESSAGES;
  const latencies = [];
  const perSocket = new Map();
  const done = new Promise((resolve) => {
    for (const { sockets } of users) {
      for (const socket of sockets) {
        perSocket.set(socket, 0);
        socket.on('message', (raw) => {
          const frame = JSON.parse(raw);
          if (frame.kind !== 'notification') return;
          latencies.push(Date.now() - frame.notification.data.sentAt);
          perSocket.set(socket, perSocket.get(socket) + 1);
          if (latencies.length === expected) resolve();
        });
      }
    }
  });
  const publisher = new Redis(REDIS_URL);
  const started = Date.now();
  const pipeline = publisher.pipeline();
  for (let i = 0; i < WS_MESSAGES; i++) {
    for (const { userId } of users) {
      const notification = { id: randomUUID(), userId, type: 'bench', title: 't', body: 'b', data: { i, sentAt: Date.now() }, readAt: null, createdAt: new Date().toISOString() };
      pipeline.publish(PubSubChannel.userNotifications(tenantId, userId), JSON.stringify(notification));
    }
  }
  await pipeline.exec();
  await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${latencies.length} of ${expected} frames within 120 s`)), 120_000))]);
  const seconds = (Date.now() - started) / 1000;
  publisher.disconnect();
  const short = [...perSocket.values()].filter((n) => n !== WS_MESSAGES).length;
  if (short > 0) throw new Error(`${short} sockets did not get exactly ${WS_MESSAGES} notifications`);
  latencies.sort((a, b) => a - b);
  return { frames: expected, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Fan-out through `count` ws-gateways on one Redis; the median of three rounds. CPU per frame: each gateway's CPU over all frames sent. */
async function fanOut(count) {
  await freshDatabase();
  const tenantId = randomUUID();
  const gateways = await Promise.all(Array.from({ length: count }, () => startOnFreePort('ws-gateway', 'WS_PORT', { USER_TOKEN_SECRET })));
  const users = await connectUsers(tenantId, gateways.map(({ port }) => `ws://127.0.0.1:${port}/v1/ws`));
  try {
    const cpuBefore = gateways.map(({ child }) => cpuSeconds(child.pid));
    const rounds = [];
    for (let i = 0; i < 3; i++) rounds.push(await fanOutRound(tenantId, users));
    const frames = rounds.reduce((sum, r) => sum + r.frames, 0);
    const cpuMicrosPerFrame = gateways.map(({ child }, i) => +(((cpuSeconds(child.pid) - cpuBefore[i]) * 1e6) / frames).toFixed(1));
    const median = [...rounds].sort((a, b) => a.seconds - b.seconds)[1];
    return {
      gateways: count, sockets: WS_USERS * WS_SOCKETS_PER_USER, framesPerRound: median.frames, framesPerSecond: Math.round(median.frames / median.seconds),
      latencyP50Ms: median.p50, latencyP99Ms: median.p99, gatewayCpuMicrosPerFrame: cpuMicrosPerFrame,
    };
  } finally {
    for (const { sockets } of users) for (const socket of sockets) socket.terminate();
    await Promise.all(gateways.map(({ child }) => stopApp(child)));
  }
}

async function gateways() {
  const one = await fanOut(1);
  console.log(JSON.stringify({ websocket: one }));
  const two = await fanOut(2);
  console.log(JSON.stringify({ websocket: two }));
  return { one, two, ratio: +(two.framesPerSecond / one.framesPerSecond).toFixed(2) };
}

async function scaling() {
  const context = { date: new Date().toISOString(), cpus: os.cpus().length, loadAverage: os.loadavg().map((n) => +n.toFixed(1)) };
  const webhook = await deliverers();
  const websocket = await gateways();
  return { ...context, webhook, websocket };
}

module.exports = { scaling };

if (require.main === module) {
  scaling().then((summary) => {
    console.log(JSON.stringify(summary, null, 2));
    process.exit(0);
  }, (error) => {
    console.error(error);
    process.exit(1);
  });
}
