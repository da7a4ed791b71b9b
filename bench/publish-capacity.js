/**
 * Publish capacity: single publishes (POST /v1/events) at a rising open-loop rate while one webhook subscription
 * receives every event (matcher and deliverer busy as in production). Each step runs BENCH_STEP_SECONDS; the ramp
 * stops after two steps in a row miss p99 <= 50 ms (one miss may be a neighbour on a shared box). Then it waits
 * until every accepted event was delivered and gives the CPU each app spent per delivered event.
 */
const { cpuMeter, publisher, openLoop, waitForCount, withPublishStack } = require('./lib');

const P99_LIMIT_MS = 50;
const DELIVERED = `SELECT count(*)::int AS n FROM deliveries WHERE tenant_id = $1 AND status = 'succeeded'`;

async function publishCapacity({ stack, tenant, db }, { start = 100, factor = 1.25, stepSeconds = 3, maxRate = 20_000 } = {}) {
  const client = publisher(stack.base, tenant.apiKey);
  try {
    const cpu = cpuMeter(stack.pids); // from the warm-up on: its events are delivered within the count too
    const warmUp = await openLoop(client.publish, start, 1); // JIT and connection pools on both sides
    const steps = [];
    let misses = 0;
    for (let rate = start; misses < 2 && rate <= maxRate; rate = Math.round(rate * factor)) {
      const { latencies, ...step } = await openLoop(client.publish, rate, stepSeconds);
      const ok = step.errors === 0 && step.p99 <= P99_LIMIT_MS;
      misses = ok ? 0 : misses + 1;
      steps.push({ rate, ok, ...step });
    }
    const accepted = [warmUp, ...steps].reduce((sum, step) => sum + step.sent - step.errors, 0);
    const delivered = await waitForCount(() => db.count(DELIVERED, [tenant.id]), accepted, 300_000);
    const cpuSeconds = cpu();
    const passed = steps.filter((step) => step.ok);
    return { capacity: passed.length ? Math.max(...passed.map((step) => step.rate)) : 0, steps, accepted, delivered, cpuSeconds };
  } finally {
    await client.close();
  }
}

function stepLine(step) {
  return `  ${String(step.rate).padStart(6)}/s: p50 ${step.p50?.toFixed(1)} ms, p99 ${step.p99?.toFixed(1)} ms, max ${step.max?.toFixed(1)} ms${step.errors ? `, ${step.errors} errors` : ''}${step.ok ? '' : '  (over)'}`;
}

module.exports = { publishCapacity, stepLine };
if (require.main === module) {
  withPublishStack(Number(process.env.BENCH_PORT ?? 4000), (ctx) => publishCapacity(ctx)).then((r) => {
    r.steps.forEach((step) => console.log(stepLine(step)));
    console.log({ capacity: r.capacity, accepted: r.accepted, delivered: r.delivered, cpuSeconds: r.cpuSeconds });
    process.exit(0);
  }, (e) => { console.error(e); process.exit(1); });
}
