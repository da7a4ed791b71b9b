/**
 * What an event that matches nothing costs: single publishes for a tenant with no subscription, at a fixed rate,
 * timed until the matcher marked each one matched; the matcher's (and the api-gateway's) CPU per event.
 */
const { benchTenant, cpuMeter, openLoop, publisher, waitForCount, withPublishStack } = require('./lib');

const MATCHED = `SELECT count(*)::int AS n FROM events WHERE tenant_id = $1 AND status = 'matched'`;

async function unmatchedCost({ stack, db }, rate = 300, seconds = 5) {
  const tenant = await benchTenant(stack.base, 'bench-unmatched');
  const client = publisher(stack.base, tenant.apiKey);
  try {
    const cpu = cpuMeter(stack.pids);
    const { sent, errors } = await openLoop(client.publish, rate, seconds);
    const matched = await waitForCount(() => db.count(MATCHED, [tenant.id]), sent - errors, 60_000);
    const cpuSeconds = cpu();
    return {
      events: matched,
      matcherMsPerEvent: (cpuSeconds['subscription-matcher'] * 1000) / matched,
      gatewayMsPerPublish: (cpuSeconds['api-gateway'] * 1000) / matched,
    };
  } finally {
    await client.close();
  }
}

module.exports = { unmatchedCost };
if (require.main === module) {
  withPublishStack(Number(process.env.BENCH_PORT ?? 4000), (ctx) => unmatchedCost(ctx)).then((r) => (console.log(r), process.exit(0)), (e) => { console.error(e); process.exit(1); });
}
