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
const { randomUUID } = require('node:crypto');
const Redis = require('ioredis');
const { BARE_BROADCAST_SERVER, REDIS_URL, cpuSeconds, median, openSockets, startWsGateway, userToken, withScriptServer } = require('./lib');

const N = Number(process.env.N ?? 2000);
const M = Number(process.env.M ?? 100);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SECRET = 'bench-user-token-secret-0123456789abcdef';
const TENANT_ID = randomUUID();
const USER_ID = 'fanout-user';
const CHANNEL = `notify:user:${TENANT_ID}:${USER_ID}`;

function openAll(url) {
  const token = userToken(SECRET, TENANT_ID, USER_ID);
  return openSockets(url, N, () => token);
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

function bareCeiling() {
  return withScriptServer(BARE_BROADCAST_SERVER, { REDIS_URL, CHANNEL }, (url, pid) => measure('bare ws', url, pid));
}

/** Gateway and bare figures side by side. */
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
