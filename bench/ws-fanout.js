#!/usr/bin/env node
/*
 * WebSocket fan-out of ONE ws-gateway process: N sockets on one user's inbox channel, M notifications published
 * on its Redis channel at once; frames per second until every socket got every frame. The ceiling is a bare `ws`
 * server that subscribes to the same channel with ioredis and forwards each message to all its sockets, under the
 * same client load (the clients run in this process, so both figures share that cost).
 *
 *   npm run build && npm run bench:ws-fanout          # N=2000 sockets, M=100 messages by default
 *   N=1000 M=300 npm run bench:ws-fanout
 */
process.env.BENCH_DATABASE_URL ??= 'postgres://postgres:postgres@127.0.0.1:5432/notify_bench_ws_fanout';
process.env.BENCH_REDIS_URL ??= 'redis://127.0.0.1:6379/14';
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const jwt = require('jsonwebtoken');
const Redis = require('ioredis');
const { ROOT, REDIS_URL, freshDatabase, freePort, openSocket, startApp, waitHealthy } = require('./lib');

const N = Number(process.env.N ?? 2000);
const M = Number(process.env.M ?? 100);
const BATCH = 250;
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SECRET = 'bench-user-token-secret-0123456789abcdef';
const TENANT_ID = randomUUID();
const USER_ID = 'fanout-user';
const CHANNEL = `notify:user:${TENANT_ID}:${USER_ID}`;

async function openAll(url) {
  const token = jwt.sign({ sub: USER_ID, tid: TENANT_ID, exp: Math.floor(Date.now() / 1000) + 3600 }, SECRET, { algorithm: 'HS256' });
  const sockets = [];
  for (let i = 0; i < N; i += BATCH) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(BATCH, N - i) }, () => openSocket(url, token)))));
  }
  return sockets;
}

/** Publishes M notifications at once and resolves with frames/s once all N*M frames arrived. */
async function round(sockets, publisher) {
  let received = 0;
  const expected = sockets.length * M;
  const done = new Promise((resolve) => {
    const onMessage = () => ++received === expected && resolve();
    for (const socket of sockets) socket.on('message', onMessage);
  });
  const started = process.hrtime.bigint();
  const pipeline = publisher.pipeline();
  for (let i = 0; i < M; i++) {
    pipeline.publish(CHANNEL, JSON.stringify({ id: randomUUID(), userId: USER_ID, type: 'bench', title: 't', body: 'b', data: { i }, readAt: null, createdAt: new Date().toISOString() }));
  }
  await pipeline.exec();
  await done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  for (const socket of sockets) socket.removeAllListeners('message');
  return expected / seconds;
}

async function measure(label, url) {
  const sockets = await openAll(url);
  const publisher = new Redis(REDIS_URL);
  try {
    const rates = [];
    for (let i = 0; i < ROUNDS; i++) rates.push(await round(sockets, publisher));
    // The median: on a shared machine a single round says more about the neighbours than about the server.
    const median = [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)];
    console.log(JSON.stringify({ server: label, sockets: sockets.length, messages: M, framesPerSecond: Math.round(median), rounds: rates.map(Math.round) }));
    return median;
  } finally {
    publisher.disconnect();
    for (const socket of sockets) socket.terminate();
  }
}

const BARE_SERVER = `
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

async function bareCeiling() {
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { cwd: ROOT, env: { ...process.env, REDIS_URL, CHANNEL }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise((resolve) => child.once('message', resolve));
  try {
    return await measure('bare ws', `ws://127.0.0.1:${port}/v1/ws`);
  } finally {
    child.kill('SIGKILL');
  }
}

async function main() {
  await freshDatabase();
  const port = await freePort();
  const gateway = startApp('ws-gateway', { WS_PORT: String(port), USER_TOKEN_SECRET: SECRET });
  try {
    await waitHealthy(port);
    const ours = await measure('ws-gateway', `ws://127.0.0.1:${port}/v1/ws`);
    const bare = await bareCeiling();
    console.log(JSON.stringify({ sockets: N, messages: M, gatewayFramesPerSecond: Math.round(ours), bareWsFramesPerSecond: Math.round(bare), ratio: +(ours / bare).toFixed(2) }));
  } finally {
    gateway.kill('SIGKILL');
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
