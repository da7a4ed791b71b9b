// Events: the newest events, one event with its deliveries, and one delivery with every attempt.
import { actionButton, badge, card, empty, h, httpStatus, loading, pageHeader, pretty, shortId, table, toast, when } from './ui.js';
import { deliveriesTable } from './subscriptions.js';

const PAGE = 25;

export async function eventsView(api, main, params) {
  const offset = Number(params.get('offset') ?? 0);
  const type = params.get('type') ?? '';
  main.replaceChildren(pageHeader('Events', 'What was published, newest first.'), loading());
  const page = await api.events(offset, PAGE, type);
  main.replaceChildren(
    pageHeader('Events', `${page.total} event${page.total === 1 ? '' : 's'}${type ? ` of type ${type}` : ''}, newest first.`, typeFilter(type)),
    card(null, page.items.length === 0 ? noEvents(type) : eventsTable(page.items), pager(page, type)));
}

function noEvents(type) {
  return type
    ? empty(`No events of type “${type}”`, 'Clear the filter to see every type.')
    : empty('No events yet', 'Publish one with POST /v1/events, or open the Live tail to watch them arrive.');
}

function typeFilter(type) {
  const input = h('input.input', { type: 'search', name: 'type', placeholder: 'Filter by exact type', value: type, 'aria-label': 'Event type' });
  const form = h('form.inline', {}, input, h('button.btn', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = input.value ? `#/events?type=${encodeURIComponent(input.value)}` : '#/events';
  });
  return form;
}

function eventsTable(events) {
  return table(['Event', 'Type', 'Channels', 'Matching', 'Deliveries', 'Published'], events.map((e) => h('tr', {},
    h('td', {}, h('a', { href: `#/events/${e.id}` }, shortId(e.id))),
    h('td', {}, h('span.strong', {}, e.type)),
    h('td', {}, e.channels.length ? e.channels.join(', ') : h('span.muted', {}, '—')),
    h('td', {}, badge(e.status)),
    h('td', {}, deliveryCounts(e.deliveries)),
    h('td', {}, when(e.createdAt)))));
}

function deliveryCounts(counts) {
  if (counts.total === 0) return h('span.muted', {}, 'none');
  return h('span.counts', {}, ['succeeded', 'failed', 'pending', 'cancelled']
    .filter((status) => counts[status] > 0)
    .map((status) => badge(`${counts[status]} ${status}`, { succeeded: 'ok', failed: 'bad', pending: 'warn' }[status] ?? 'muted')));
}

function pager(page, type) {
  const link = (offset, label) => h('a.btn.small', { href: `#/events?offset=${offset}${type ? `&type=${encodeURIComponent(type)}` : ''}` }, label);
  const newer = page.offset > 0 ? link(Math.max(0, page.offset - PAGE), '← Newer') : null;
  const older = page.offset + page.items.length < page.total ? link(page.offset + PAGE, 'Older →') : null;
  if (!newer && !older) return null;
  return h('div.pager', {}, newer, h('span.muted', {}, `${page.offset + 1}–${page.offset + page.items.length} of ${page.total}`), older);
}

export async function eventView(api, main, id) {
  main.replaceChildren(loading());
  const [event, deliveries] = await Promise.all([api.event(id), api.eventDeliveries(id)]);
  const refresh = () => eventView(api, main, id);
  main.replaceChildren(
    h('a.back', { href: '#/events' }, '← Events'),
    pageHeader(event.type, `Event ${event.id}`, badge(event.status)),
    h('div.columns', {},
      card('Payload', pretty(event.payload)),
      card('Details', h('dl.facts', {},
        h('dt', {}, 'Published'), h('dd', {}, when(event.createdAt)),
        h('dt', {}, 'Channels'), h('dd', {}, event.channels.length ? event.channels.join(', ') : h('span.muted', {}, 'none')),
        h('dt', {}, 'Deliveries'), h('dd', {}, deliveryCounts(event.deliveries))))),
    card(`Deliveries (${deliveries.total})`, event.status === 'pending' && deliveries.total === 0
      ? empty('Not matched yet', 'The matcher has not processed this event; reload in a moment.')
      : deliveriesTable(api, deliveries.items, refresh)));
}

export async function deliveryView(api, main, id) {
  main.replaceChildren(loading());
  const d = await api.delivery(id);
  const refresh = () => deliveryView(api, main, id);
  main.replaceChildren(
    h('a.back', { href: `#/events/${d.eventId}` }, '← Event'),
    pageHeader('Delivery', `Delivery ${d.id}`, badge(d.status),
      actionButton('Retry now', async () => { await api.retry(d.id); toast('Retry queued: a new attempt runs now'); await refresh(); }, 'primary'),
      actionButton('Reload', refresh, 'ghost')),
    card('Summary', h('dl.facts.wide', {},
      h('dt', {}, 'Subscription'), h('dd', {}, h('a', { href: `#/subscriptions/${d.subscriptionId}` }, d.subscriptionId)),
      h('dt', {}, 'Event'), h('dd', {}, h('a', { href: `#/events/${d.eventId}` }, d.eventId)),
      h('dt', {}, 'Attempts'), h('dd', {}, String(d.attemptCount)),
      h('dt', {}, 'Next attempt'), h('dd', {}, d.nextAttemptAt ? when(d.nextAttemptAt) : h('span.muted', {}, 'none scheduled')),
      h('dt', {}, 'Created'), h('dd', {}, when(d.createdAt)))),
    card(`Attempts (${d.attempts.length})`, attemptsList(d.attempts)));
}

function attemptsList(attempts) {
  if (attempts.length === 0) return empty('No attempts yet', 'The first attempt runs as soon as a deliverer picks the delivery up.');
  return h('ol.attempts', {}, [...attempts].reverse().map((a) => h('li.attempt', { 'data-attempt': a.attemptNumber },
    h('div.attempt-head', {},
      h('span.attempt-no', {}, `#${a.attemptNumber}`),
      httpStatus(a.responseStatus),
      h('span.muted', {}, `${a.durationMs} ms`),
      when(a.startedAt),
      a.error ? h('span.attempt-error', {}, a.error) : null),
    a.responseBody ? h('pre.code.body', {}, a.responseBody) : h('div.muted.small', {}, 'empty response body'))));
}
