/**
 * WebSocket broadcast latency: N sockets (default 5,000) of one user on one ws-gateway, M notifications published on
 * the user's Redis channel one at a time, GAP ms apart (so broadcasts do not queue behind each other); the latency
 * of every frame at every socket, from the publish to its arrival here. The same clients and messages against a
 * bare `ws` server forwarding the channel to all its sockets give the ceiling. The clients share this process, so
 * both figures include the same client-side time.
 */
const { randomUUID } = require('node:crypto');
const Redis = require('ioredis');
const { BARE_BROADCAST_SERVER, REDIS_URL, openSockets, percentile, sleep, startWsGateway, userToken, withScriptServer } = require('./lib');

const SECRET = 'bench-user-token-secret-0123456789abcdef';
const TENANT_ID = randomUUID();
const USER_ID = 'broadcast-user';
const CHANNEL = `notify:user:${TENANT_ID}:${USER_ID}`;
const SENT_AT = /"benchSentAt":([\d.]+)/;

/** p50/p99 of every frame's latency over `messages` broadcasts to `count` sockets at `url` (after 3 warm-up ones). */
async function measure(url, { count, messages, gapMs }) {
  const token = userToken(SECRET, TENANT_ID, USER_ID);
  const sockets = await openSockets(url, count, () => token);
  const publisher = new Redis(REDIS_URL);
  const latencies = [];
  const onMessage = (data) => {
    const sentAt = SENT_AT.exec(data.toString());
    if (sentAt) latencies.push(performance.now() - Number(sentAt[1]));
  };
  for (const socket of sockets) socket.on('message', onMessage);
  // Only measured broadcasts carry benchSentAt: a late warm-up frame is not counted.
  const broadcast = (i, measured) => publisher.publish(CHANNEL, JSON.stringify({
    id: randomUUID(), userId: USER_ID, type: 'bench', title: 't', body: 'b', data: measured ? { i, benchSentAt: performance.now() } : { i }, readAt: null, createdAt: new Date().toISOString(),
  }));
  try {
    for (let i = 0; i < 3; i++) (await broadcast(i, false), await sleep(gapMs));
    for (let i = 0; i < messages; i++) (await broadcast(i, true), await sleep(gapMs));
    await sleep(Math.max(gapMs, 1000)); // the last frames still on their way
    latencies.sort((a, b) => a - b);
    return { sockets: sockets.length, frames: latencies.length, expected: sockets.length * messages, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    publisher.disconnect();
    for (const socket of sockets) socket.terminate();
  }
}

async function wsBroadcast({ count = 5000, messages = 20, gapMs = 250 } = {}) {
  const options = { count, messages, gapMs };
  const gateway = await startWsGateway(SECRET);
  let ours;
  try {
    ours = await measure(gateway.url, options);
  } finally {
    gateway.stop();
  }
  const bare = await withScriptServer(BARE_BROADCAST_SERVER, { REDIS_URL, CHANNEL }, (url) => measure(url, options));
  return { gateway: ours, bare };
}

module.exports = { wsBroadcast };
if (require.main === module) wsBroadcast({ count: Number(process.env.N ?? 5000) }).then((r) => (console.log(r), process.exit(0)), (e) => { console.error(e); process.exit(1); });
