// Subscriptions: the list with status and recent success rate, and one subscription with its actions.
import { actionButton, badge, card, empty, errorBox, h, httpStatus, loading, pageHeader, pretty, shortId, table, toast, when } from './ui.js';

/** How many of the latest deliveries the success rate is computed from. */
const RATE_SAMPLE = 50;
/** Success-rate look-ups at once, so a long list does not burst the API's rate limit. */
const RATE_CONCURRENCY = 4;
const STATUS_TONE = { succeeded: 'ok', failed: 'bad', pending: 'warn', cancelled: 'muted' };

export async function subscriptionsView(api, main) {
  main.replaceChildren(pageHeader('Subscriptions', 'Where events go, and how delivery to each is going.'), loading());
  const page = await api.subscriptions();
  const body = page.items.length === 0
    ? empty('No subscriptions yet', 'Create one with POST /v1/subscriptions (see /docs), then publish an event with POST /v1/events.')
    : table(['Name', 'Target', 'Status', `Success (last ${RATE_SAMPLE})`, 'Event types', 'Updated'], page.items.map((s) => subscriptionRow(api, s)));
  main.replaceChildren(pageHeader('Subscriptions', `${page.total} subscription${page.total === 1 ? '' : 's'}. Success rate counts finished deliveries only.`), card(null, body));
  fillSuccessRates(api, page.items, main);
}

function subscriptionRow(api, s) {
  return h('tr', { 'data-subscription': s.id },
    h('td', {}, h('a.strong', { href: `#/subscriptions/${s.id}` }, s.name || '(unnamed)'), h('div.muted', {}, shortId(s.id))),
    h('td', {}, badge(s.transport, 'muted'), s.url ? h('div.url', { title: s.url }, s.url) : null),
    h('td', {}, statusBadge(s), s.disabledReason ? h('div.reason', {}, s.disabledReason) : null),
    h('td.rate', {}, h('span.muted', {}, '…')),
    h('td', {}, typesText(s.eventTypes)),
    h('td', {}, when(s.updatedAt)));
}

export function statusBadge(s) {
  if (s.status === 'disabled') return badge('disabled');
  return s.isActive ? badge('active') : badge('paused');
}

function typesText(types) {
  return types.length === 0 || types.includes('*') ? h('span.muted', {}, 'every type') : types.join(', ');
}

async function fillSuccessRates(api, subscriptions, main) {
  const queue = [...subscriptions];
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const cell = main.querySelector(`tr[data-subscription="${s.id}"] td.rate`);
      const deliveries = await api.subscriptionDeliveries(s.id, RATE_SAMPLE).catch(() => undefined);
      cell?.replaceChildren(deliveries ? successRate(deliveries.items) : h('span.muted', {}, 'unavailable'));
    }
  };
  await Promise.all(Array.from({ length: RATE_CONCURRENCY }, worker));
}

export function successRate(deliveries) {
  const done = deliveries.filter((d) => d.status === 'succeeded' || d.status === 'failed');
  if (done.length === 0) return h('span.muted', {}, deliveries.length ? 'in progress' : 'no deliveries yet');
  const percent = Math.round((100 * done.filter((d) => d.status === 'succeeded').length) / done.length);
  const tone = percent >= 95 ? 'ok' : percent >= 70 ? 'warn' : 'bad';
  return h('div.rate-cell', {},
    h(`span.rate-value.${tone}`, {}, `${percent}%`),
    h('span.meter', {}, h(`span.meter-fill.${tone}.w${Math.round(percent / 10) * 10}`)),
    h('span.muted', {}, ` of ${done.length}`));
}

export async function subscriptionView(api, main, id) {
  main.replaceChildren(loading());
  const [s, deliveries] = await Promise.all([api.subscription(id), api.subscriptionDeliveries(id)]);
  const results = h('div.results');
  const refresh = () => subscriptionView(api, main, id);
  main.replaceChildren(
    h('a.back', { href: '#/subscriptions' }, '← Subscriptions'),
    pageHeader(h('span', {}, s.name || '(unnamed)', ' ', statusBadge(s)), s.url ?? `${s.transport} subscription`, ...subscriptionActions(api, s, results, refresh)),
    s.status === 'disabled' ? h('div.callout.bad', {}, h('strong', {}, 'Disabled. '), sentence(s.disabledReason ?? 'No reason recorded'), ' Fix the receiver, then re-enable and recover the failed deliveries.') : null,
    results,
    h('div.columns', {},
      card('Settings', settingsList(s)),
      card('Recent deliveries', recentSummary(deliveries.items))),
    card(`Deliveries (${deliveries.total})`, deliveriesTable(api, deliveries.items, refresh)));
}

function sentence(text) {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function recentSummary(deliveries) {
  if (deliveries.length === 0) return empty('No deliveries yet', 'Publish a matching event, or press “Send test”.');
  const byStatus = (status) => deliveries.filter((d) => d.status === status).length;
  return h('dl.facts', {},
    h('dt', {}, 'Success rate'), h('dd', {}, successRate(deliveries)),
    ['succeeded', 'failed', 'pending', 'cancelled'].map((status) => [
      h('dt', {}, status[0].toUpperCase() + status.slice(1)),
      h('dd', {}, byStatus(status) ? badge(String(byStatus(status)), STATUS_TONE[status]) : h('span.muted', {}, '0'))]),
    h('dt', {}, 'Latest'), h('dd', {}, when(deliveries[0].createdAt)));
}

function subscriptionActions(api, s, results, refresh) {
  const since = h('select.input', { 'aria-label': 'Recover since' },
    h('option', { value: '3600' }, 'last hour'), h('option', { value: '86400' }, 'last 24 hours'), h('option', { value: '604800' }, 'last 7 days'));
  return [
    s.status === 'disabled' || !s.isActive
      ? actionButton('Re-enable', async () => { await api.reEnable(s.id); toast('Subscription re-enabled'); await refresh(); }, 'primary')
      : null,
    actionButton('Send test', async () => results.replaceChildren(testResult(await api.sendTest(s.id).catch((error) => ({ error }))))),
    h('span.group', {}, since, actionButton('Recover failed', async () => {
      const answer = await api.recover(s.id, new Date(Date.now() - Number(since.value) * 1000).toISOString());
      toast(`${answer.requeued} failed deliver${answer.requeued === 1 ? 'y' : 'ies'} queued again`);
      await refresh();
    })),
    actionButton('Rotate secret', async () => {
      if (!confirm('Rotate the signing secret? The old one stays valid for 24 hours.')) return;
      const { secret } = await api.rotateSecret(s.id);
      results.replaceChildren(card('New signing secret', h('p.sub', {}, 'Shown once here; copy it to the receiver. The old secret keeps working for 24 hours.'), h('code.secret', {}, secret)));
    }, 'ghost'),
  ];
}

function testResult(answer) {
  if (answer.error instanceof Error) {
    const hint = answer.error.status === 404 ? ' (this API does not offer test sends yet)' : '';
    return card('Test send', errorBox({ status: answer.error.status, message: answer.error.message + hint }));
  }
  return card('Test send',
    h('dl.facts', {},
      h('dt', {}, 'Response'), h('dd', {}, httpStatus(answer.responseStatus)),
      h('dt', {}, 'Duration'), h('dd', {}, `${answer.durationMs} ms`),
      answer.error ? [h('dt', {}, 'Error'), h('dd', {}, answer.error)] : null));
}

function settingsList(s) {
  const rows = [
    ['Status', statusBadge(s)],
    ['Transport', s.transport === 'webhook' ? `${s.transport} (${s.httpMethod})` : s.transport],
    ['URL', s.url ?? '—'],
    ['Event types', typesText(s.eventTypes)],
    ['Channels', s.channels.length ? s.channels.join(', ') : h('span.muted', {}, 'any')],
    ['Filter', Object.keys(s.filter ?? {}).length ? pretty(s.filter) : h('span.muted', {}, 'none')],
    ['Id', h('code', {}, s.id)],
    ['Created', when(s.createdAt)],
  ];
  return h('dl.facts', {}, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

export function deliveriesTable(api, deliveries, refresh) {
  if (deliveries.length === 0) return empty('No deliveries yet', 'Publish an event that matches this subscription; its deliveries appear here.');
  return table(['Delivery', 'Event', 'Status', 'Attempts', 'Last answer', 'Updated', ''], deliveries.map((d) => h('tr', {},
    h('td', {}, h('a', { href: `#/deliveries/${d.id}` }, shortId(d.id))),
    h('td', {}, h('a', { href: `#/events/${d.eventId}` }, shortId(d.eventId))),
    h('td', {}, badge(d.status)),
    h('td', {}, d.attemptCount),
    h('td', {}, d.attemptCount ? httpStatus(d.lastResponseStatus) : h('span.muted', {}, '—')),
    h('td', {}, when(d.updatedAt)),
    h('td.right', {}, actionButton('Retry', async () => { await api.retry(d.id); toast('Retry queued'); await refresh(); }, 'small')))));
}
