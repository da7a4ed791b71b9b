/**
 * What a Prometheus scrape per second costs (issue 12): publish p99 at a fixed open-loop rate, with one webhook
 * subscription delivering every event, without and with a GET of every app's /metrics once a second. The two
 * conditions alternate in short rounds on the same stack, so a neighbour's load or a warm-up falls on both.
 */
const { openLoop, percentile, publisher, scrapeEverySecond, withPublishStack } = require('./lib');

async function scrapeOverhead({ stack, tenant }, rate, { rounds = 2, seconds = 5 } = {}) {
  const client = publisher(stack.base, tenant.apiKey);
  const pooled = { plain: [], scraped: [] };
  let scrapes = 0;
  try {
    await openLoop(client.publish, rate, 1);
    for (let i = 0; i < rounds; i++) {
      pooled.plain.push(...(await openLoop(client.publish, rate, seconds)).latencies);
      const stop = scrapeEverySecond(stack.ports);
      pooled.scraped.push(...(await openLoop(client.publish, rate, seconds)).latencies);
      scrapes += stop();
    }
  } finally {
    await client.close();
  }
  const p99 = (latencies) => percentile(latencies.sort((a, b) => a - b), 99);
  return { rate, plainP99: p99(pooled.plain), scrapedP99: p99(pooled.scraped), scrapes };
}

module.exports = { scrapeOverhead };
if (require.main === module) {
  const rate = Number(process.argv[2] ?? 300);
  withPublishStack(Number(process.env.BENCH_PORT ?? 4000), (ctx) => scrapeOverhead(ctx, rate)).then((r) => (console.log(r), process.exit(0)), (e) => { console.error(e); process.exit(1); });
}
