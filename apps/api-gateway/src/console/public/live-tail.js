// Live tail: the tenant's firehose over the ws-gateway WebSocket. Nothing is queued server-side for it:
// it shows what is published while it is connected, newest first, keeping the last KEEP frames.
import { badge, card, empty, h, pageHeader, pretty, when } from './ui.js';

const KEEP = 200;
const CLOSE_REASONS = { 1008: 'the API key was refused', 1001: 'the server went away', 1011: 'the server hit an unexpected condition' };

export class LiveTail {
  constructor(wsUrl, key) {
    this.wsUrl = wsUrl;
    this.key = key;
    this.events = [];
    this.state = 'stopped';
    this.detail = '';
    this.listeners = new Set();
    this.retryMs = 1000;
  }

  start(types = '') {
    this.stop();
    this.types = types;
    this.wanted = true;
    this.connect();
  }

  stop() {
    this.wanted = false;
    clearTimeout(this.reconnect);
    this.socket?.close(1000);
    this.socket = undefined;
    this.setState('stopped', '');
  }

  clear() {
    this.events = [];
    this.emit();
  }

  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  connect() {
    const url = new URL(this.wsUrl);
    if (this.types) url.searchParams.set('types', this.types);
    // The key travels as a subprotocol, never in the URL (which proxies log); the server answers notify.v1.
    const socket = new WebSocket(url, ['notify.v1', `bearer.${this.key}`]);
    this.socket = socket;
    this.setState('connecting', url.host);
    socket.addEventListener('message', (message) => this.receive(JSON.parse(message.data)));
    socket.addEventListener('close', (close) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (close.code === 1008) return void ((this.wanted = false), this.setState('error', CLOSE_REASONS[1008]));
      if (!this.wanted) return;
      this.setState('reconnecting', CLOSE_REASONS[close.code] ?? `connection closed (${close.code})`);
      this.reconnect = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
    });
  }

  receive(frame) {
    if (frame.kind === 'ready') {
      this.retryMs = 1000;
      return this.setState('live', this.types ? `types: ${this.types}` : 'every event type');
    }
    if (frame.kind !== 'event') return;
    this.events.unshift({ ...frame, receivedAt: new Date().toISOString() });
    this.events.length = Math.min(this.events.length, KEEP);
    this.emit();
  }

  setState(state, detail) {
    this.state = state;
    this.detail = detail;
    this.emit();
  }

  emit() {
    for (const listener of this.listeners) listener(this);
  }
}

const STATE_TONE = { live: 'ok', connecting: 'warn', reconnecting: 'warn', error: 'bad', stopped: 'muted' };

export function liveView(tail, main) {
  const types = h('input.input', { type: 'search', placeholder: 'Types: a.b, c.d (blank = all)', value: tail.types ?? '', 'aria-label': 'Event types' });
  const toggle = h('button.btn.primary', { type: 'button' });
  const status = h('div.tail-status');
  const list = h('div.tail-list');
  toggle.addEventListener('click', () => (tail.state === 'stopped' || tail.state === 'error' ? tail.start(types.value.trim()) : tail.stop()));
  const clear = h('button.btn.ghost', { type: 'button', onClick: () => tail.clear() }, 'Clear');
  main.replaceChildren(
    pageHeader('Live tail', 'Events as they are published, over the WebSocket firehose. Nothing is stored for the tail: it shows what arrives while it runs.', types, toggle, clear),
    card(null, status, list));

  const render = () => {
    toggle.textContent = tail.state === 'stopped' || tail.state === 'error' ? 'Start' : 'Stop';
    status.replaceChildren(badge(tail.state, STATE_TONE[tail.state]), ' ', h('span.muted', {}, tail.detail), h('span.muted.right', {}, `${tail.events.length} event${tail.events.length === 1 ? '' : 's'}`));
    list.replaceChildren(...(tail.events.length === 0 ? [waiting(tail)] : tail.events.map(tailRow)));
  };
  const unsubscribe = tail.onChange(render);
  if (tail.state === 'stopped') tail.start(types.value.trim());
  render();
  return unsubscribe;
}

function waiting(tail) {
  return tail.state === 'live'
    ? empty('Listening…', 'Publish an event (POST /v1/events) and it shows up here at once.')
    : empty('Not connected', 'Press Start to open the firehose.');
}

function tailRow(frame) {
  return h('details.tail-row', { 'data-event': frame.eventId },
    h('summary', {},
      h('span.strong', {}, frame.type),
      frame.channels?.length ? h('span.muted', {}, ` #${frame.channels.join(' #')}`) : null,
      h('a.tail-link', { href: `#/events/${frame.eventId}` }, frame.eventId.slice(0, 8)),
      when(frame.receivedAt)),
    pretty(frame.data));
}
