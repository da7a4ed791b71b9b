// Small DOM helpers shared by the views. Text always goes in as text nodes, never as HTML.

/** h('a.link', {href}, 'text', child) → element. Class names after dots; attributes and on* listeners in props. */
export function h(tag, props = {}, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'class') el.className += ` ${value}`;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const UNITS = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export function relTime(iso) {
  if (!iso) return '—';
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  if (Math.abs(seconds) < 5) return 'just now';
  const [unit, size] = UNITS.find(([, s]) => Math.abs(seconds) >= s) ?? UNITS[UNITS.length - 1];
  return relative.format(Math.round(seconds / size), unit);
}

/** A relative time with the exact instant on hover. */
export function when(iso) {
  return h('time', { datetime: iso ?? '', title: iso ? new Date(iso).toLocaleString() : '' }, relTime(iso));
}

const TONES = { active: 'ok', succeeded: 'ok', matched: 'ok', disabled: 'bad', failed: 'bad', pending: 'warn', paused: 'muted', cancelled: 'muted' };

export function badge(text, tone) {
  tone ??= TONES[text] ?? 'muted';
  return h(`span.badge.${tone}`, {}, text);
}

export function httpStatus(code) {
  if (code === null || code === undefined) return badge('no answer', 'bad');
  return badge(String(code), code >= 200 && code < 300 ? 'ok' : code >= 500 ? 'bad' : 'warn');
}

export function shortId(id) {
  return h('code.id', { title: id }, id.slice(0, 8));
}

export function empty(title, hint) {
  return h('div.empty', {}, h('div.empty-title', {}, title), h('p', {}, hint));
}

export function table(headings, rows) {
  return h('table.grid', {},
    h('thead', {}, h('tr', {}, headings.map((text) => h('th', {}, text)))),
    h('tbody', {}, rows));
}

export function card(title, ...body) {
  return h('section.card', {}, title ? h('h2.card-title', {}, title) : null, body);
}

export function pretty(value) {
  return h('pre.code', {}, JSON.stringify(value, null, 2));
}

export function toast(message, tone = 'ok') {
  const el = h(`div.toast.${tone}`, { role: 'status' }, message);
  document.getElementById('toasts').append(el);
  setTimeout(() => el.remove(), 6000);
}

/** A button that disables itself while its action runs and reports the outcome as a toast. */
export function actionButton(label, action, variant = '') {
  const button = h(`button.btn${variant ? `.${variant}` : ''}`, { type: 'button' }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      toast(`${label} failed: ${error.message}`, 'bad');
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

export function pageHeader(title, subtitle, ...actions) {
  return h('div.page-head', {}, h('div', {}, h('h1', {}, title), subtitle ? h('p.sub', {}, subtitle) : null), h('div.actions', {}, actions));
}

export function loading() {
  return h('div.loading', {}, 'Loading…');
}

export function errorBox(error) {
  return h('div.error-box', { role: 'alert' }, h('strong', {}, error.status ? `HTTP ${error.status}: ` : ''), error.message);
}
