/**
 * End-to-end webhook rate: events published in batches to the real apps, each delivered to a loopback
 * receiver, timed until every delivery is recorded in Postgres (attempt rows written, deliveries succeeded).
 */
const { Client } = require('pg');
const { ADMIN_TOKEN, DATABASE_URL, api, countingReceiver, freshDatabase, startApp, waitHealthy } = require('./lib');

async function webhookThroughput(events, { receiverPort = 4999, apiPort = 4000 } = {}) {
  await freshDatabase();
  // BENCH_RECEIVER_DELAY_MS=n: the receiver answers after n ms, as a real endpoint doing work would.
  const receiver = await countingReceiver(receiverPort, Number(process.env.BENCH_RECEIVER_DELAY_MS ?? 0));
  const apps = [
    startApp('api-gateway', { API_PORT: String(apiPort) }),
    startApp('subscription-matcher', { MATCHER_PORT: String(apiPort + 2) }),
    // BENCH_DELIVERERS=n runs n deliverer processes (scaled out as in production), on ports apiPort+3, +4, …
    ...Array.from({ length: Number(process.env.BENCH_DELIVERERS ?? 1) }, (_, i) => startApp('webhook-deliverer', { DELIVERER_PORT: String(apiPort + 3 + i) })),
  ];
  try {
    await Promise.all([apiPort, apiPort + 2, apiPort + 3].map(waitHealthy));
    const base = `http://127.0.0.1:${apiPort}`;
    const tenant = await api('POST', `${base}/v1/tenants`, ADMIN_TOKEN, { name: 'bench' });
    await api('POST', `${base}/v1/subscriptions`, tenant.apiKey, { url: `http://127.0.0.1:${receiverPort}/hook` });
    const db = new Client({ connectionString: DATABASE_URL });
    await db.connect();
    const started = Date.now();
    for (let i = 0; i < events; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, events - i) }, (_, n) => ({ type: 'bench.event', payload: { n: i + n } }));
      await api('POST', `${base}/v1/events/batch`, tenant.apiKey, { events: batch });
    }
    const publishedIn = (Date.now() - started) / 1000;
    for (;;) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'succeeded'`);
      if (rows[0].n >= events) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (Date.now() - started) / 1000;
    const { rows } = await db.query('SELECT count(*)::int AS n FROM delivery_attempts');
    await db.end();
    const deliverers = Number(process.env.BENCH_DELIVERERS ?? 1);
    return { events, deliverers, receiverDelayMs: Number(process.env.BENCH_RECEIVER_DELAY_MS ?? 0), seconds, rate: events / seconds, publishedIn, attempts: rows[0].n, received: receiver.count };
  } finally {
    await Promise.all(apps.map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'))));
    receiver.server.close();
  }
}

module.exports = { webhookThroughput };
if (require.main === module) webhookThroughput(Number(process.argv[2] ?? 20000)).then((r) => console.log(r), (e) => { console.error(e); process.exit(1); });
