// Entry point: sign-in, the hash router and the navigation. The API key lives in sessionStorage only:
// it is gone when the tab closes and is never written to a cookie or localStorage.
import { Api, ApiError } from './api.js';
import { deliveryView, eventsView, eventView } from './events.js';
import { LiveTail, liveView } from './live-tail.js';
import { subscriptionsView, subscriptionView } from './subscriptions.js';
import { errorBox, h } from './ui.js';

const KEY_STORAGE = 'notify.console.apiKey';
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signOutButton = document.getElementById('sign-out');

let api;
let tail;
let leaveView = () => {};

const ROUTES = [
  [/^subscriptions$/, () => subscriptionsView(api, main)],
  [/^subscriptions\/([\w-]+)$/, (id) => subscriptionView(api, main, id)],
  [/^events$/, (params) => eventsView(api, main, params)],
  [/^events\/([\w-]+)$/, (id) => eventView(api, main, id)],
  [/^deliveries\/([\w-]+)$/, (id) => deliveryView(api, main, id)],
  [/^live$/, () => liveView(tail, main)],
];

async function start() {
  const config = await fetch('/console/config.json').then((r) => r.json());
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (key) signIn(key, config);
  else showSignIn(config);
  window.addEventListener('hashchange', () => api && route());
  signOutButton.addEventListener('click', signOut);
}

function signIn(key, config) {
  api = new Api(key);
  tail = new LiveTail(config.wsUrl, key);
  tail.onChange(() => document.getElementById('live-dot').classList.toggle('on', tail.state === 'live'));
  nav.hidden = false;
  signOutButton.hidden = false;
  if (!location.hash || location.hash === '#/') location.hash = '#/subscriptions';
  else route();
}

function signOut() {
  sessionStorage.removeItem(KEY_STORAGE);
  tail?.stop();
  location.hash = '';
  location.reload();
}

async function route() {
  leaveView();
  leaveView = () => {};
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(query ?? '');
  nav.querySelectorAll('a').forEach((a) => a.classList.toggle('current', path.startsWith(a.dataset.tab) || (a.dataset.tab === 'events' && path.startsWith('deliveries'))));
  const found = ROUTES.map(([pattern, view]) => [pattern.exec(path), view]).find(([match]) => match);
  if (!found) return void (location.hash = '#/subscriptions');
  const [match, view] = found;
  try {
    const cleanup = await view(match[1] ?? params);
    if (typeof cleanup === 'function') leaveView = cleanup;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return signOut();
    main.replaceChildren(errorBox(error));
  }
}

function showSignIn(config) {
  const input = h('input.input', { type: 'password', name: 'apiKey', placeholder: 'API key', autocomplete: 'off', required: true, autofocus: true, 'aria-label': 'API key' });
  const problem = h('div.form-error', { role: 'alert' });
  const form = h('form.signin-form', {}, input, h('button.btn.primary', { type: 'submit' }, 'Sign in'), problem);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    problem.textContent = '';
    const key = input.value.trim();
    try {
      await new Api(key).subscriptions(0, 1);
    } catch (error) {
      problem.textContent = error.status === 401 ? 'That key is not valid.' : error.status === 403 ? 'That is not a tenant API key.' : error.message;
      return;
    }
    sessionStorage.setItem(KEY_STORAGE, key);
    signIn(key, config);
  });
  main.replaceChildren(h('div.signin', {},
    h('h1', {}, 'Operator console'),
    h('p.sub', {}, 'Sign in with a tenant API key. It is kept in this tab only (sessionStorage) and sent to this server’s public API.'),
    form,
    h('p.muted.small', {}, 'No key? An admin creates one with POST /v1/tenants or POST /v1/tenants/:id/api-keys; with BOOTSTRAP_API_KEY set, that key works too.')));
  input.focus();
}

start().catch((error) => main.replaceChildren(errorBox(error)));
