/**
 * `npm run bench`: the pipeline against the raw ceilings of the same machine, all measured in one run, then one
 * table (measure | value | ceiling | ratio | goal). Sizes are env knobs (see README, "Benchmarks").
 */
const { bullmqCeiling } = require('./bullmq-ceiling');
const { batchIngest } = require('./batch-ingest');
const { httpCeiling } = require('./http-ceiling');
const matchIndex = require('./match-index');
const { unmatchedCost } = require('./matcher-unmatched');
const { publishCapacity, stepLine } = require('./publish-capacity');
const { scrapeOverhead } = require('./scrape-overhead');
const { webhookThroughput } = require('./webhook-throughput');
const { wsBroadcast } = require('./ws-broadcast');
const { wsIdle } = require('./ws-idle');
const { withPublishStack } = require('./lib');
const table = require('./table');

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const PORT = env('BENCH_PORT', 4000);
const log = (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/** The publish run: capacity ramp, then the scrape comparison and the unmatched-event cost on the same stack. */
function publishRun() {
  return withPublishStack(PORT, async (ctx) => {
    const capacity = await publishCapacity(ctx, { start: env('BENCH_RAMP_START', 100), factor: env('BENCH_RAMP_FACTOR', 1.25), stepSeconds: env('BENCH_STEP_SECONDS', 3) });
    capacity.steps.forEach((step) => log(stepLine(step)));
    log(`publish capacity ${capacity.capacity}/s; ${capacity.delivered} of ${capacity.accepted} accepted events delivered`);
    // Half the capacity: a steady load where a scrape's cost would show in p99 rather than drown in overload.
    const scrapeRate = env('BENCH_SCRAPE_RATE', Math.max(50, Math.round(capacity.capacity / 2)));
    const scrape = await scrapeOverhead(ctx, scrapeRate, { seconds: env('BENCH_SCRAPE_SECONDS', 5) });
    log(`publish p99 at ${scrape.rate}/s: ${scrape.plainP99.toFixed(1)} ms plain, ${scrape.scrapedP99.toFixed(1)} ms scraped (${scrape.scrapes} scrapes)`);
    const unmatched = await unmatchedCost(ctx, env('BENCH_UNMATCHED_RATE', 300), env('BENCH_UNMATCHED_SECONDS', 5));
    log(`unmatched events: matcher ${unmatched.matcherMsPerEvent.toFixed(3)} ms CPU each, api-gateway ${unmatched.gatewayMsPerPublish.toFixed(3)} ms per publish`);
    return { capacity, scrape, unmatched };
  });
}

async function main() {
  const m = {};
  const httpFirst = await httpCeiling(env('BENCH_HTTP_SECONDS', 5));
  log(`raw loopback HTTP ${httpFirst.toFixed(0)} req/s`);
  m.bullmq = await bullmqCeiling(env('BENCH_CEILING_JOBS', 20_000));
  log(`raw BullMQ no-op ${m.bullmq.toFixed(0)} jobs/s`);
  m.webhooks = await webhookThroughput(env('BENCH_EVENTS', 20_000), { preferredPort: PORT });
  log(`webhooks end to end ${m.webhooks.rate.toFixed(0)}/s (${m.webhooks.events} in ${m.webhooks.seconds.toFixed(1)} s, ${m.webhooks.attempts} attempt rows)`);
  m.batch = await batchIngest(env('BENCH_BATCH_EVENTS', 50_000), { preferredPort: PORT });
  log(`batch ingest ${m.batch.rate.toFixed(0)} events/s`);
  Object.assign(m, await publishRun());
  m.matching = matchIndex.matchingCost();
  matchIndex.report(m.matching);
  m.broadcast = await wsBroadcast({ count: env('BENCH_WS_SOCKETS', 5000), messages: env('BENCH_WS_MESSAGES', 20) });
  log(`ws broadcast p99 ${m.broadcast.gateway.p99.toFixed(1)} ms (${m.broadcast.gateway.frames} frames), bare ws ${m.broadcast.bare.p99.toFixed(1)} ms (${m.broadcast.bare.frames})`);
  m.idle = await wsIdle(env('BENCH_WS_IDLE_SOCKETS', 5000));
  // Measured again at the end and averaged: on a shared box the load can change between the first and last measure.
  const httpLast = await httpCeiling(env('BENCH_HTTP_SECONDS', 5));
  log(`raw loopback HTTP ${httpLast.toFixed(0)} req/s`);
  m.http = (httpFirst + httpLast) / 2;
  m.httpRuns = [httpFirst, httpLast];
  console.log(`\nnpm run bench, ${new Date().toISOString()}\n`);
  console.log(table.render(table.rows(m)));
}

main().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
