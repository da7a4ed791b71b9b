/** The raw ceiling of this machine: BullMQ no-op jobs added in bulk and consumed with the same concurrency. */
const { Queue, Worker } = require('bullmq');
const { REDIS_URL } = require('./lib');

async function bullmqCeiling(jobs, concurrency = 256) {
  const url = new URL(REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379), db: Number(url.pathname.slice(1) || 0), maxRetriesPerRequest: null };
  const name = `bench-ceiling-${process.pid}`;
  const queue = new Queue(name, { connection });
  let done = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const started = Date.now();
  const worker = new Worker(name, async () => undefined, { connection, concurrency, removeOnComplete: { count: 0 } });
  worker.on('completed', () => ++done === jobs && finish());
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, jobs - i) }, (_, n) => ({ name: 'noop', data: { n: i + n }, opts: { removeOnComplete: true } })));
  }
  await finished;
  const seconds = (Date.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return jobs / seconds;
}

module.exports = { bullmqCeiling };
if (require.main === module) bullmqCeiling(Number(process.argv[2] ?? 20000)).then((rate) => console.log(`bullmq no-op: ${rate.toFixed(0)} jobs/s`));
