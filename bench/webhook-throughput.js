/**
 * End-to-end webhook rate: events published in batches to the real apps, each delivered to a loopback receiver,
 * timed until every delivery is recorded in Postgres (attempt rows written, deliveries succeeded), with the CPU
 * each app spent over that time.
 */
const { api, benchDb, freeBase, benchTenant, countingReceiver, cpuMeter, startStack, waitForCount } = require('./lib');

const SUCCEEDED = `SELECT count(*)::int AS n FROM deliveries WHERE status = 'succeeded'`;

async function webhookThroughput(events, { preferredPort = 4000 } = {}) {
  const apiPort = await freeBase(preferredPort);
  const receiverPort = apiPort + 99;
  // BENCH_RECEIVER_DELAY_MS=n: the receiver answers after n ms, as a real endpoint doing work would.
  const receiver = await countingReceiver(receiverPort, Number(process.env.BENCH_RECEIVER_DELAY_MS ?? 0));
  const stack = await startStack(apiPort);
  const db = await benchDb();
  try {
    const tenant = await benchTenant(stack.base, 'bench', receiverPort);
    const cpu = cpuMeter(stack.pids);
    const started = Date.now();
    for (let i = 0; i < events; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, events - i) }, (_, n) => ({ type: 'bench.event', payload: { n: i + n } }));
      await api('POST', `${stack.base}/v1/events/batch`, tenant.apiKey, { events: batch });
    }
    const publishedIn = (Date.now() - started) / 1000;
    const succeeded = await waitForCount(() => db.count(SUCCEEDED), events, 300_000);
    const seconds = (Date.now() - started) / 1000;
    const cpuSeconds = cpu();
    const attempts = await db.count('SELECT count(*)::int AS n FROM delivery_attempts');
    return { events, delivered: succeeded, seconds, rate: succeeded / seconds, publishedIn, attempts, received: receiver.count, cpuSeconds };
  } finally {
    await db.close();
    await stack.stop();
    receiver.server.close();
  }
}

module.exports = { webhookThroughput };
if (require.main === module) webhookThroughput(Number(process.argv[2] ?? 20000)).then((r) => console.log(r), (e) => { console.error(e); process.exit(1); });
