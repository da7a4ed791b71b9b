/** `npm run bench`: our pipeline against the raw ceiling of the same machine, measured in one run. */
const { bullmqCeiling } = require('./bullmq-ceiling');
const matchIndex = require('./match-index');
const { publishLatency } = require('./publish-latency');
const { webhookThroughput } = require('./webhook-throughput');

async function main() {
  const events = Number(process.env.BENCH_EVENTS ?? 40000);
  const ceiling = await bullmqCeiling(events);
  const pipeline = await webhookThroughput(events);
  console.log(`raw BullMQ no-op jobs:            ${ceiling.toFixed(0)} jobs/s`);
  console.log(`webhooks end to end (recorded):   ${pipeline.rate.toFixed(0)} deliveries/s (${pipeline.events} in ${pipeline.seconds.toFixed(1)} s, ${pipeline.attempts} attempt rows)`);
  console.log(`pipeline / ceiling:               ${(pipeline.rate / ceiling).toFixed(2)}`);
  const latency = await publishLatency(Number(process.env.BENCH_RATE ?? 1000), Number(process.env.BENCH_SECONDS ?? 10));
  matchIndex.report(matchIndex.matchingCost());
  console.log(`publish at ${latency.achievedRate.toFixed(0)} req/s: p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms`);
  // Required last: it sets its own bench database defaults, which must not move the ones above.
  const fanout = await require('./ws-fanout').wsFanout();
  console.log(`ws fan-out, ${fanout.sockets} sockets:     ${fanout.gatewayFramesPerSecond} frames/s, ${fanout.gatewayCpuMicrosPerFrame} µs CPU/frame (bare ws: ${fanout.bareWsFramesPerSecond}, ${fanout.bareWsCpuMicrosPerFrame} µs)`);
}

main().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
