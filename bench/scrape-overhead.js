/**
 * What a Prometheus scrape per second costs: webhook throughput without and then with a loop that GETs /metrics
 * of the gateway, matcher and deliverer once a second while the run lasts. The box may be shared: compare
 * several runs, not one.
 */
const { webhookThroughput } = require('./webhook-throughput');

const API_PORT = Number(process.env.BENCH_API_PORT ?? 4400);

function scrapeEverySecond() {
  const ports = [API_PORT, API_PORT + 2, API_PORT + 3];
  let scrapes = 0;
  const timer = setInterval(() => {
    for (const port of ports) fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()).then(() => scrapes++, () => undefined);
  }, 1000);
  return () => (clearInterval(timer), scrapes);
}

async function main(events) {
  const options = { apiPort: API_PORT, receiverPort: API_PORT + 99 };
  const runPlain = () => webhookThroughput(events, options);
  const runScraped = async () => {
    const stop = scrapeEverySecond();
    const result = await webhookThroughput(events, options);
    return { ...result, scrapes: stop() };
  };
  // BENCH_SCRAPED_FIRST=1 swaps the order, to tell a warm-up or a neighbour's load apart from the scrapes.
  const scrapedFirst = process.env.BENCH_SCRAPED_FIRST === '1';
  const scraped = scrapedFirst ? await runScraped() : undefined;
  const plain = await runPlain();
  const scrapedRun = scraped ?? (await runScraped());
  const { scrapes } = scrapedRun;
  console.log(JSON.stringify({ events, withoutScrapes: plain.rate.toFixed(0), withScrapesEverySecond: scrapedRun.rate.toFixed(0), scrapes }));
}

main(Number(process.argv[2] ?? 10000)).catch((error) => { console.error(error); process.exit(1); });
