/**
 * The raw HTTP ceiling of this machine: a bare node `http` server (its own process, as each app is) answering a
 * small JSON POST, driven by the same keep-alive client the publish benches use, closed loop, for a few seconds.
 */
const { Agent, request } = require('undici');
const { scriptServer } = require('./lib');

const BARE_HTTP_SERVER = `
  const server = require('node:http').createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(202, { 'content-type': 'application/json' }).end('{"id":"00000000-0000-0000-0000-000000000000"}'));
  });
  server.keepAliveTimeout = 60000;
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
`;

/** Requests per second over `seconds` with `connections` requests always in flight (after a 1 s warm-up). */
async function httpCeiling(seconds = 5, connections = 64) {
  const server = await scriptServer(BARE_HTTP_SERVER);
  const agent = new Agent({ connections });
  const body = JSON.stringify({ type: 'bench.publish', payload: { hello: 'world', amount: 42 } });
  const once = async () => {
    const response = await request(`http://127.0.0.1:${server.port}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher: agent });
    await response.body.dump();
  };
  const loopFor = async (ms) => {
    let done = 0;
    const until = performance.now() + ms;
    await Promise.all(Array.from({ length: connections }, async () => {
      while (performance.now() < until) (await once(), done++);
    }));
    return done;
  };
  try {
    await loopFor(1000);
    const started = performance.now();
    const done = await loopFor(seconds * 1000);
    return done / ((performance.now() - started) / 1000);
  } finally {
    await agent.close();
    server.stop();
  }
}

module.exports = { httpCeiling };
if (require.main === module) httpCeiling().then((rate) => console.log(`raw loopback HTTP: ${rate.toFixed(0)} req/s`));
