/** Publish latency at a fixed request rate: p50/p99 of POST /v1/events against the real apps. */
const { ADMIN_TOKEN, api, freshDatabase, startApp, waitHealthy } = require('./lib');
const { Agent, request } = require('undici');

async function publishLatency(ratePerSecond = 1000, seconds = 10, apiPort = 4100) {
  await freshDatabase();
  const apps = [
    startApp('api-gateway', { API_PORT: String(apiPort) }),
    ...(process.env.BENCH_NO_MATCHER ? [] : [startApp('subscription-matcher', { MATCHER_PORT: String(apiPort + 2) })]),
  ];
  const agent = new Agent({ connections: 64 });
  try {
    await Promise.all((process.env.BENCH_NO_MATCHER ? [apiPort] : [apiPort, apiPort + 2]).map(waitHealthy));
    const base = `http://127.0.0.1:${apiPort}`;
    const tenant = await api('POST', `${base}/v1/tenants`, ADMIN_TOKEN, { name: 'bench' });
    const headers = { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ type: 'latency', payload: { hello: 'world' } });
    const once = async () => {
      const t = performance.now();
      const response = await request(`${base}/v1/events`, { method: 'POST', headers, body, dispatcher: agent });
      await response.body.dump();
      if (response.statusCode !== 202) throw new Error(`publish answered ${response.statusCode}`);
      return performance.now() - t;
    };
    // Warm-up at the target rate (JIT, connection pools on both sides), then the measured steady state.
    await runAt(once, ratePerSecond, 2, () => undefined);
    const latencies = [];
    const started = performance.now();
    await runAt(once, ratePerSecond, seconds, (ms) => latencies.push(ms));
    latencies.sort((a, b) => a - b);
    const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    return { requests: latencies.length, achievedRate: latencies.length / ((performance.now() - started) / 1000), p50: pct(50), p99: pct(99), max: latencies.at(-1) };
  } finally {
    await agent.close();
    await Promise.all(apps.map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'))));
  }
}

/** Starts `once` at a fixed rate for `seconds` (open loop: a slow answer does not delay the next request). */
async function runAt(once, ratePerSecond, seconds, record) {
  const inflight = [];
  const started = performance.now();
  for (let i = 0; i < ratePerSecond * seconds; i++) {
    const wait = started + (i * 1000) / ratePerSecond - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(once().then(record));
  }
  await Promise.all(inflight);
}

module.exports = { publishLatency };
if (require.main === module) publishLatency(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 10)).then((r) => console.log(r), (e) => { console.error(e); process.exit(1); });
