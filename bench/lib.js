/** Shared bench plumbing: a scratch database, the built apps as processes, a counting receiver. */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { Client } = require('pg');
const { nodeFlags } = require('../scripts/apps');

const ROOT = path.resolve(__dirname, '..');
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/notify_bench';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
// Limits far above any rate this box reaches: the limiters still run (their cost is measured) but never refuse.
const UNREACHED_LIMITS = { RATE_LIMIT_PER_SECOND: '100000000', RATE_LIMIT_EVENTS_PER_SECOND: '100000000', RATE_LIMIT_PER_ADDRESS_PER_SECOND: '100000000' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freshDatabase() {
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  execFileSync(process.execPath, [path.join(ROOT, 'dist/apps/api-gateway/libs/persistence/src/cli/migrate.js')], {
    env: { ...process.env, DATABASE_URL }, stdio: 'ignore',
  });
  const Redis = require('ioredis');
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
}

function startApp(name, env = {}) {
  const entry = path.join(ROOT, 'dist/apps', name, 'apps', name, 'src/main.js');
  // BENCH_PROFILE=<app> writes a V8 CPU profile of that app to .tmp/profiles when it exits.
  const profile = process.env.BENCH_PROFILE === name ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, '.tmp/profiles')}`] : [];
  // The same node flags as `npm start`, so the bench measures what runs.
  const child = spawn(process.execPath, [...nodeFlags(name), ...profile, entry], {
    env: { ...process.env, DATABASE_URL, REDIS_URL, ADMIN_TOKEN, ALLOW_PRIVATE_TARGETS: 'true', LOG_LEVEL: 'warn', ...UNREACHED_LIMITS, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

/** Polls /health on `port` for up to two minutes (apps boot slowly on a loaded box); fails at once if `child` exits. */
async function waitHealthy(port, child) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`the app for port ${port} exited while starting`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`port ${port} never became healthy`);
}

/** Runs `source` (a bare server to compare with, which sends its port over IPC) as a node child process. */
async function scriptServer(source, env = {}) {
  const child = spawn(process.execPath, ['-e', source], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise((resolve) => child.once('message', resolve));
  return { port, pid: child.pid, stop: () => child.kill('SIGKILL') };
}

/** A bare server from `source` whose WebSocket URL (at /v1/ws) and pid are handed to `use`; killed afterwards. */
async function withScriptServer(source, env, use) {
  const server = await scriptServer(source, env);
  try {
    return await use(`ws://127.0.0.1:${server.port}/v1/ws`, server.pid);
  } finally {
    server.stop();
  }
}

/** A ws-gateway of our own on a scratch database, with a known user-token secret. */
async function startWsGateway(userTokenSecret) {
  await freshDatabase();
  const port = await freePort();
  const child = startApp('ws-gateway', { WS_PORT: String(port), USER_TOKEN_SECRET: userTokenSecret });
  await waitHealthy(port, child);
  return { url: `ws://127.0.0.1:${port}/v1/ws`, pid: child.pid, stop: () => child.kill('SIGKILL') };
}

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/** Opens one WebSocket with a bearer credential and resolves on its first frame (the gateway's `ready`). */
function openSocket(url, credential) {
  const WebSocket = require('ws');
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ['notify.v1', `bearer.${credential}`], { perMessageDeflate: false });
    socket.once('message', () => resolve(socket));
    socket.once('close', (code) => reject(new Error(`closed ${code} before ready`)));
    socket.once('error', reject);
  });
}

/** A ws-gateway user token (HS256, one hour) for `userId` of `tenantId`. */
function userToken(secret, tenantId, userId) {
  const jwt = require('jsonwebtoken');
  return jwt.sign({ sub: userId, tid: tenantId, exp: Math.floor(Date.now() / 1000) + 3600 }, secret, { algorithm: 'HS256' });
}

/** Opens `count` sockets, `batch` at a time, the i-th with credentialOf(i); resolves once every one is ready. */
async function openSockets(url, count, credentialOf, batch = 250) {
  const sockets = [];
  for (let i = 0; i < count; i += batch) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => openSocket(url, credentialOf(i + j))))));
  }
  return sockets;
}

/** A bare `ws` server that forwards each message on Redis channel CHANNEL to all its sockets: the broadcast ceiling. */
const BARE_BROADCAST_SERVER = `
  const http = require('node:http');
  const Redis = require('ioredis');
  const { WebSocketServer } = require('ws');
  const server = http.createServer();
  const wss = new WebSocketServer({ server, path: '/v1/ws', perMessageDeflate: false });
  wss.on('connection', (ws) => ws.send('{"kind":"ready"}'));
  const subscriber = new Redis(process.env.REDIS_URL);
  subscriber.on('message', (_channel, message) => {
    const frame = Buffer.from('{"kind":"notification","notification":' + message + '}');
    for (const ws of wss.clients) ws.send(frame, { binary: false });
  });
  subscriber.subscribe(process.env.CHANNEL).then(() => server.listen(0, '127.0.0.1', () => process.send(server.address().port)));
`;

/** Counts requests and answers 200, after `delayMs` (a receiver that does some work) when given. */
function countingReceiver(port, delayMs = 0) {
  const state = { count: 0, server: undefined };
  state.server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.count++;
      if (delayMs > 0) setTimeout(() => res.writeHead(200).end(), delayMs);
      else res.writeHead(200).end();
    });
  });
  return new Promise((resolve) => state.server.listen(port, '127.0.0.1', () => resolve(state)));
}

const isFree = (port) => new Promise((resolve) => {
  const server = net.createServer().once('error', () => resolve(false));
  server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
});

/**
 * The first base port from `preferred` on (in steps of 10) whose stack ports (+0…+9) and receiver port (+99) are all
 * free: on a shared machine another program may hold the preferred ones, and a health check would then pass on it.
 */
async function freeBase(preferred) {
  for (let base = preferred; base < preferred + 1000; base += 10) {
    const ports = [...Array.from({ length: 10 }, (_, i) => base + i), base + 99];
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return base;
  }
  throw new Error(`no free ports from ${preferred} on`);
}

const PORT_OFFSET = { 'api-gateway': ['API_PORT', 0], 'ws-gateway': ['WS_PORT', 1], 'subscription-matcher': ['MATCHER_PORT', 2], 'webhook-deliverer': ['DELIVERER_PORT', 3] };
const ALL_APPS = Object.keys(PORT_OFFSET);

/**
 * The named apps on a fresh database: api-gateway on `apiPort`, ws-gateway +1, matcher +2, deliverer +3 (and
 * BENCH_DELIVERERS - 1 more deliverers on +4, +5, …, scaled out as in production). Resolves once all are healthy
 * with their base URL, pids by label (for cpuMeter), ports (for scrapes) and stop().
 */
async function startStack(apiPort, names = ALL_APPS) {
  await freshDatabase();
  const deliverers = Number(process.env.BENCH_DELIVERERS ?? 1);
  const wanted = names.flatMap((name) => (name === 'webhook-deliverer' ? Array.from({ length: deliverers }, (_, i) => [name, i]) : [[name, 0]]));
  const apps = wanted.map(([name, i]) => {
    const [variable, offset] = PORT_OFFSET[name];
    const port = apiPort + offset + i;
    return { label: i ? `${name}#${i + 1}` : name, port, child: startApp(name, { [variable]: String(port) }) };
  });
  const stop = () => Promise.all(apps.map(({ child }) => child.exitCode ?? child.signalCode ?? new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'))));
  await Promise.all(apps.map((app) => waitHealthy(app.port, app.child))).then(() => {
    const dead = apps.find((app) => app.child.exitCode !== null || app.child.signalCode !== null);
    if (dead) throw new Error(`${dead.label} exited (another program on port ${dead.port}?)`);
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { base: `http://127.0.0.1:${apiPort}`, pids: Object.fromEntries(apps.map((app) => [app.label, app.child.pid])), ports: apps.map((app) => app.port), stop };
}

/** A client of the bench database; count(sql, params) gives the first row's `n`. */
async function benchDb() {
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  return { count: async (sql, params) => (await db.query(sql, params)).rows[0].n, close: () => db.end() };
}

/** A tenant on a running stack, optionally with one webhook subscription (every event) to `receiverPort`. */
async function benchTenant(base, name, receiverPort) {
  const tenant = await api('POST', `${base}/v1/tenants`, ADMIN_TOKEN, { name });
  if (receiverPort) await api('POST', `${base}/v1/subscriptions`, tenant.apiKey, { url: `http://127.0.0.1:${receiverPort}/hook` });
  return tenant;
}

/**
 * The whole pipeline as users run it: all four apps, a loopback receiver answering 200 and a tenant whose one webhook
 * subscription receives every event; `use({ stack, tenant, db, receiver })` measures on it, then all is stopped.
 */
async function withPublishStack(preferredPort, use) {
  const apiPort = await freeBase(preferredPort);
  const receiver = await countingReceiver(apiPort + 99);
  const stack = await startStack(apiPort);
  const db = await benchDb();
  try {
    const tenant = await benchTenant(stack.base, 'bench-publish', apiPort + 99);
    return await use({ stack, tenant, db, receiver });
  } finally {
    await db.close();
    await stack.stop();
    receiver.server.close();
  }
}

/** Single publishes (POST /v1/events) over a keep-alive pool; publish() resolves with the status code. */
function publisher(base, apiKey, connections = 64) {
  const { Agent, request } = require('undici');
  const agent = new Agent({ connections });
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const body = JSON.stringify({ type: 'bench.publish', payload: { hello: 'world', amount: 42 } });
  const publish = async () => {
    const response = await request(`${base}/v1/events`, { method: 'POST', headers, body, dispatcher: agent });
    await response.body.dump();
    return response.statusCode;
  };
  return { publish, close: () => agent.close() };
}

/**
 * Open loop: calls `once` (resolving with a status code) at a fixed rate for `seconds`, a slow answer never delaying
 * the next call. Latency counts from when a call was due, so a generator or server that falls behind shows in it.
 */
async function openLoop(once, ratePerSecond, seconds, okStatus = 202) {
  const latencies = [];
  let errors = 0;
  const inflight = [];
  const started = performance.now();
  for (let i = 0; i < Math.round(ratePerSecond * seconds); i++) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inflight.push(once().then((status) => (status === okStatus ? latencies.push(performance.now() - due) : errors++), () => errors++));
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  return { sent: inflight.length, errors, latencies, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) };
}

/** GETs /metrics of every port once a second, as Prometheus would; stop() ends it and returns the scrape count. */
function scrapeEverySecond(ports) {
  let scrapes = 0;
  const timer = setInterval(() => {
    for (const port of ports) fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()).then(() => scrapes++, () => undefined);
  }, 1000);
  return () => (clearInterval(timer), scrapes);
}

/** User + system CPU seconds a process has used so far (Linux /proc; ticks are 1/100 s). */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const rssKiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

/** Starts counting the CPU of `pids` ({ label: pid }); the returned function gives each one's seconds since. */
function cpuMeter(pids) {
  const before = Object.fromEntries(Object.entries(pids).map(([label, pid]) => [label, cpuSeconds(pid)]));
  return () => Object.fromEntries(Object.entries(pids).map(([label, pid]) => [label, cpuSeconds(pid) - before[label]]));
}

/** The p-th percentile of ascending `sorted`. */
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (values) => percentile([...values].sort((a, b) => a - b), 50);

/** Polls `count()` until it reaches `target` or `timeoutMs` passes; resolves with the last count. */
async function waitForCount(count, target, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await count();
    if (n >= target || Date.now() > deadline) return n;
    await sleep(100);
  }
}

/** SIGTERM to an app started with startApp; resolves once it has exited. */
function stopApp(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'));
}

async function api(method, url, key, body) {
  const response = await fetch(url, {
    method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body),
  });
  return response.json();
}

module.exports = {
  ROOT, DATABASE_URL, REDIS_URL, ADMIN_TOKEN, BARE_BROADCAST_SERVER, sleep, userToken, openSockets, freshDatabase, freePort, openSocket, startApp, startWsGateway, scriptServer, withScriptServer,
  waitHealthy, countingReceiver, api, cpuSeconds, freeBase, startStack, benchDb, benchTenant, withPublishStack, publisher, openLoop, scrapeEverySecond, rssKiB, cpuMeter, percentile, median, waitForCount, stopApp,
};
