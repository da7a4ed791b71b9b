#!/usr/bin/env node
/*
 * WebSocket fan-out of ONE ws-gateway process: N sockets on one user's inbox channel, M notifications published
 * on its Redis channel at once; frames per second until every socket got every frame. The ceiling is a bare `ws`
 * server that subscribes to the same channel with ioredis and forwards each message to all its sockets, under the
 * same client load. The clients run in this process and the box is shared, so frames/s swings with the neighbours;
 * the server's own CPU time per frame (from /proc) is the steadier figure to compare.
 *
 *   npm run build && npm run bench:ws-fanout          # N=2000 sockets, M=100 messages by default
 *   N=1000 M=300 npm run bench:ws-fanout
 */
process.env.BENCH_DATABASE_URL ??= 'postgres://postgres:postgres@127.0.0.1:5432/notify_bench_ws_fanout';
process.env.BENCH_REDIS_URL ??= 'redis://127.0.0.1:6379/14';
const fs = require('node:fs');
const { randomUUID } = require('node:crypto');
const jwt = require('jsonwebtoken');
const Redis = require('ioredis');
const { REDIS_URL, openSocket, startWsGateway, withScriptServer } = require('./lib');

const N = Number(process.env.N ?? 2000);
const M = Number(process.env.M ?? 100);
const BATCH = 250;
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SECRET = 'bench-user-token-secret-0123456789abcdef';
const TENANT_ID = randomUUID();
const USER_ID = 'fanout-user';
const CHANNEL = `notify:user:${TENANT_ID}:${USER_ID}`;

/** User + system CPU seconds a process has used so far. */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function openAll(url) {
  const token = jwt.sign({ sub: USER_ID, tid: TENANT_ID, exp: Math.floor(Date.now() / 1000) + 3600 }, SECRET, { algorithm: 'HS256' });
  const sockets = [];
  for (let i = 0; i < N; i += BATCH) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(BATCH, N - i) }, () => openSocket(url, token)))));
  }
  return sockets;
}

/** Publishes M notifications at once; once all N*M frames arrived, frames/s and the server's CPU µs per frame. */
async function round(sockets, publisher, pid) {
  let received = 0;
  const expected = sockets.length * M;
  const done = new Promise((resolve) => {
    const onMessage = () => ++received === expected && resolve();
    for (const socket of sockets) socket.on('message', onMessage);
  });
  const cpuBefore = cpuSeconds(pid);
  const started = process.hrtime.bigint();
  const pipeline = publisher.pipeline();
  for (let i = 0; i < M; i++) {
    pipeline.publish(CHANNEL, JSON.stringify({ id: randomUUID(), userId: USER_ID, type: 'bench', title: 't', body: 'b', data: { i }, readAt: null, createdAt: new Date().toISOString() }));
  }
  await pipeline.exec();
  await done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuMicros = (cpuSeconds(pid) - cpuBefore) * 1e6;
  for (const socket of sockets) socket.removeAllListeners('message');
  return { rate: expected / seconds, cpuPerFrame: cpuMicros / expected };
}

async function measure(label, url, pid) {
  const sockets = await openAll(url);
  const publisher = new Redis(REDIS_URL);
  try {
    const rounds = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await round(sockets, publisher, pid));
    // Medians: on a shared machine a single round says more about the neighbours than about the server.
    const result = { framesPerSecond: Math.round(median(rounds.map((r) => r.rate))), cpuMicrosPerFrame: +median(rounds.map((r) => r.cpuPerFrame)).toFixed(2) };
    console.log(JSON.stringify({ server: label, sockets: sockets.length, messages: M, ...result, rounds: rounds.map((r) => Math.round(r.rate)) }));
    return result;
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

function bareCeiling() {
  return withScriptServer(BARE_SERVER, { REDIS_URL, CHANNEL }, (url, pid) => measure('bare ws', url, pid));
}

/** Gateway and bare figures side by side; also part of `npm run bench` (bench/run-all.js). */
async function wsFanout() {
  const gateway = await startWsGateway(SECRET);
  try {
    const ours = await measure('ws-gateway', gateway.url, gateway.pid);
    const bare = await bareCeiling();
    return {
      sockets: N, messages: M,
      gatewayFramesPerSecond: ours.framesPerSecond, bareWsFramesPerSecond: bare.framesPerSecond, ratio: +(ours.framesPerSecond / bare.framesPerSecond).toFixed(2),
      gatewayCpuMicrosPerFrame: ours.cpuMicrosPerFrame, bareWsCpuMicrosPerFrame: bare.cpuMicrosPerFrame,
    };
  } finally {
    gateway.stop();
  }
}

module.exports = { wsFanout };

if (require.main === module) {
  wsFanout().then((summary) => {
    console.log(JSON.stringify(summary));
    process.exit(0);
  }, (error) => {
    console.error(error);
    process.exit(1);
  });
}
