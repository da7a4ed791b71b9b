#!/usr/bin/env node
/*
 * Memory per idle WebSocket connection on ONE ws-gateway process, against a bare `ws` server as the baseline.
 *
 *   npm run build && ulimit -n 65536 && npm run bench:ws            # N=10000 by default
 *   N=20000 npm run bench:ws                                         # more (needs ulimit -n > 2*N + slack)
 *
 * Without WS_URL it starts its own ws-gateway (scratch database BENCH_DATABASE_URL, Redis BENCH_REDIS_URL) with a
 * known USER_TOKEN_SECRET and mints one user token per connection locally, so every connection is a distinct
 * user's inbox (its own Redis channel: the worst case for the gateway). To measure a gateway already running:
 *   WS_URL=ws://127.0.0.1:3001/v1/ws WS_PID=<pid> USER_TOKEN_SECRET=<its secret> TENANT_ID=<uuid> npm run bench:ws
 * Then it runs a bare `ws` server in a child process under the same client load and prints both RSS deltas per
 * connection and their ratio (JSON lines). Both servers must run on this machine (RSS is read from /proc).
 */
process.env.BENCH_DATABASE_URL ??= 'postgres://postgres:postgres@127.0.0.1:5432/notify_bench_ws';
process.env.BENCH_REDIS_URL ??= 'redis://127.0.0.1:6379/1';
const { randomUUID } = require('node:crypto');
const { openSockets, rssKiB, sleep, startWsGateway, userToken, withScriptServer } = require('./lib');

const N = Number(process.env.N ?? 10_000);
const BATCH = Number(process.env.BATCH ?? 250);
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 5000);
const SECRET = process.env.USER_TOKEN_SECRET ?? 'bench-user-token-secret-0123456789abcdef';
const TENANT_ID = process.env.TENANT_ID ?? randomUUID();

async function load(url, pid, label, n) {
  await sleep(1000);
  const before = rssKiB(pid);
  const started = Date.now();
  const sockets = await openSockets(url, n, (i) => userToken(SECRET, TENANT_ID, `bench-user-${i}`), BATCH);
  const openMs = Date.now() - started;
  await sleep(SETTLE_MS);
  const after = rssKiB(pid);
  const result = { server: label, connections: sockets.length, openMs, rssBeforeMiB: +(before / 1024).toFixed(1), rssAfterMiB: +(after / 1024).toFixed(1), bytesPerConnection: Math.round(((after - before) * 1024) / sockets.length) };
  console.log(JSON.stringify(result));
  for (const socket of sockets) socket.terminate();
  await sleep(500);
  return result;
}

const BARE_SERVER = `
  const http = require('node:http');
  const { WebSocketServer } = require('ws');
  const server = http.createServer();
  const wss = new WebSocketServer({ server, path: '/v1/ws', perMessageDeflate: false });
  wss.on('connection', (ws) => ws.send('{"kind":"ready"}'));
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
`;

/** RSS per idle connection of the ws-gateway and of a bare `ws` server under `n` connections; also in `npm run bench`. */
async function wsIdle(n = N) {
  const gateway = process.env.WS_URL ? { url: process.env.WS_URL, pid: Number(process.env.WS_PID), stop: () => undefined } : await startWsGateway(SECRET);
  let ours;
  try {
    ours = await load(gateway.url, gateway.pid, 'ws-gateway', n);
  } finally {
    gateway.stop();
  }
  const bare = await withScriptServer(BARE_SERVER, {}, (url, pid) => load(url, pid, 'bare ws', n));
  const summary = { connections: n, gatewayBytesPerConnection: ours.bytesPerConnection, bareWsBytesPerConnection: bare.bytesPerConnection, ratio: +(ours.bytesPerConnection / bare.bytesPerConnection).toFixed(2) };
  console.log(JSON.stringify(summary));
  return summary;
}

module.exports = { wsIdle };
if (require.main === module) {
  wsIdle().then(() => process.exit(0), (error) => {
    console.error(error);
    process.exit(1);
  });
}
