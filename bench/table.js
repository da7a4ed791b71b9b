/** The summary table of `npm run bench`: each measure beside the ceiling of the same run and the goal (issue 9). */
const APPS = ['api-gateway', 'subscription-matcher', 'webhook-deliverer', 'ws-gateway'];
const n = (value, digits = 0) => (value === undefined || Number.isNaN(value) ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** A row with a ratio against `ceiling` and a verdict when the goal is a bound (`>=` or `<=` a ratio). */
function compared(measure, value, unit, ceiling, ceilingText, goal) {
  const ratio = value / ceiling;
  const met = goal.bound === '>=' ? ratio >= goal.ratio : ratio <= goal.ratio;
  return [measure, `${n(value, unit.digits)} ${unit.text}`, ceilingText, `${n(ratio, 2)} ${met ? '✓' : '✗'}`, `${goal.bound === '>=' ? '≥' : '≤'} ${goal.ratio} ×`];
}

/** CPU ms each app spent per delivered event, webhooks e2e run / publish run. */
function cpuRows({ webhooks, capacity }) {
  const perEvent = (cpuSeconds, events, app) => n((cpuSeconds[app] * 1000) / events, 3);
  const total = (cpuSeconds) => Object.values(cpuSeconds).reduce((a, b) => a + b, 0);
  return [...APPS.map((app) => [`CPU per delivered event: ${app} (e2e / publish run)`, `${perEvent(webhooks.cpuSeconds, webhooks.delivered, app)} / ${perEvent(capacity.cpuSeconds, capacity.delivered, app)} ms`, '', '', '']),
    ['CPU per delivered event: all apps (e2e / publish run)', `${n((total(webhooks.cpuSeconds) * 1000) / webhooks.delivered, 3)} / ${n((total(capacity.cpuSeconds) * 1000) / capacity.delivered, 3)} ms`, '', '', '']];
}

function rows(m) {
  const http = `${n(m.http)} req/s raw HTTP`;
  const [small, , large] = m.matching;
  const unmatched = m.unmatched.matcherMsPerEvent;
  return [
    ['raw loopback HTTP (node http, keep-alive)', `${n(m.http)} req/s`, `(ceiling; ${m.httpRuns.map((r) => n(r)).join(' first, ')} last)`, '', ''],
    ['raw BullMQ no-op jobs', `${n(m.bullmq)} jobs/s`, '(ceiling)', '', ''],
    ['bare ws broadcast p99, 5,000 sockets', `${n(m.broadcast.bare.p99, 1)} ms`, '(ceiling)', '', ''],
    ['bare ws memory per idle connection', `${n(m.idle.bareWsBytesPerConnection)} B`, '(ceiling)', '', ''],
    compared('publish capacity (p99 ≤ 50 ms, 1 webhook sub)', m.capacity.capacity, { text: '/s' }, m.http, http, { bound: '>=', ratio: 0.15 }),
    compared('webhooks end to end, every attempt recorded', m.webhooks.rate, { text: 'deliveries/s' }, m.http, http, { bound: '>=', ratio: 0.33 }),
    compared('batch ingest, 500 a batch', m.batch.rate, { text: 'events/s' }, m.http, http, { bound: '>=', ratio: 1.5 }),
    compared(`ws broadcast p99, ${n(m.broadcast.gateway.sockets)} sockets`, m.broadcast.gateway.p99, { text: 'ms', digits: 1 }, m.broadcast.bare.p99, `${n(m.broadcast.bare.p99, 1)} ms bare ws`, { bound: '<=', ratio: 1.2 }),
    compared('ws memory per idle connection', m.idle.gatewayBytesPerConnection, { text: 'B' }, m.idle.bareWsBytesPerConnection, `${n(m.idle.bareWsBytesPerConnection)} B bare ws`, { bound: '<=', ratio: 0.5 }),
    ['matcher CPU per unmatched event', `${n(unmatched, 3)} ms`, '', unmatched <= 0.05 ? '✓' : '✗', '≤ 0.05 ms'],
    ['matching per event, 1k / 10k / 100k subs', m.matching.map((r) => n(r.microsecondsPerEvent, 1)).join(' / ') + ' µs', `${n(small.microsecondsPerEvent, 1)} µs at 1k`, `${n(large.microsecondsPerEvent / small.microsecondsPerEvent, 1)} (100k/1k)`, 'flat'],
    compared(`publish p99 at ${n(m.scrape.rate)}/s, /metrics scraped 1/s`, m.scrape.scrapedP99, { text: 'ms', digits: 1 }, m.scrape.plainP99, `${n(m.scrape.plainP99, 1)} ms unscraped`, { bound: '<=', ratio: 1.1 }),
    ...cpuRows(m),
  ];
}

/** A markdown table, columns padded so it also reads in a terminal. */
function render(body) {
  const all = [['measure', 'value', 'ceiling', 'ratio', 'goal'], ...body];
  const widths = all[0].map((_, c) => Math.max(...all.map((row) => String(row[c]).length)));
  const line = (row) => `| ${row.map((cell, c) => String(cell).padEnd(widths[c])).join(' | ')} |`;
  return [line(all[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

module.exports = { rows, render };
