/**
 * Batch ingest: events/s the api-gateway accepts (202, every event in Postgres) through POST /v1/events/batch with
 * 500 events a batch and a few batches in flight. Only the api-gateway runs, so the figure is the ingest path's own.
 */
const { Agent, request } = require('undici');
const { benchTenant, freeBase, startStack } = require('./lib');

const PER_BATCH = 500;

async function batchIngest(events = 50_000, { preferredPort = 4000, inFlight = 4 } = {}) {
  const stack = await startStack(await freeBase(preferredPort), ['api-gateway']);
  const agent = new Agent({ connections: inFlight });
  try {
    const tenant = await benchTenant(stack.base, 'bench-ingest');
    const headers = { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' };
    // Bodies made up front, so the client's JSON work is not in the figure.
    const bodies = Array.from({ length: Math.ceil(events / PER_BATCH) }, (_, b) => JSON.stringify({
      events: Array.from({ length: PER_BATCH }, (_, n) => ({ type: 'bench.ingest', payload: { n: b * PER_BATCH + n, country: 'NO' } })),
    }));
    const send = async (body) => {
      const response = await request(`${stack.base}/v1/events/batch`, { method: 'POST', headers, body, dispatcher: agent });
      await response.body.dump();
      if (response.statusCode !== 202) throw new Error(`batch answered ${response.statusCode}`);
    };
    const sendAll = async (list) => {
      let next = 0;
      await Promise.all(Array.from({ length: inFlight }, async () => {
        while (next < list.length) await send(list[next++]);
      }));
    };
    await sendAll(bodies.slice(0, inFlight * 2)); // warm-up: JIT and both connection pools
    const started = performance.now();
    await sendAll(bodies);
    return { events: bodies.length * PER_BATCH, rate: (bodies.length * PER_BATCH) / ((performance.now() - started) / 1000) };
  } finally {
    await agent.close();
    await stack.stop();
  }
}

module.exports = { batchIngest };
if (require.main === module) batchIngest(Number(process.argv[2] ?? 50_000)).then((r) => console.log(r), (e) => { console.error(e); process.exit(1); });
