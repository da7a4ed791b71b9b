// A browser-style in-app inbox. Your server mints a short-lived user token with its API key; the browser gets only
// that token and uses NotifyInbox (REST) and its WebSocket connection (live, reconnecting, replaying what it missed).
// Everything in the "browser" part also runs in a browser bundle; in Node 20 the SDK loads the `ws` package for it.
import { NotifyClient, NotifyInbox } from '../libs/sdk/dist/index.js';

const baseUrl = process.env.NOTIFY_API_URL ?? 'http://127.0.0.1:3000';
const wsUrl = process.env.NOTIFY_WS_URL ?? 'ws://127.0.0.1:3001/v1/ws';
const user = process.env.INBOX_USER ?? `user-${Date.now()}`;

// --- server side: mint a token for the signed-in user, and (later) notify them -------------------------------
const server = new NotifyClient({ baseUrl, apiKey: process.env.NOTIFY_API_KEY });
const { token } = await server.users.createToken(user, { ttlSeconds: 600 });

// --- browser side: only the token --------------------------------------------------------------------------
const inbox = new NotifyInbox({ baseUrl, wsUrl, token });
const connection = inbox.connect();
connection.on('close', ({ code, reason, willReconnect }) => console.log(`socket closed ${code} ${reason}${willReconnect ? ', reconnecting' : ''}`));
await connection.ready();
console.log(`connected as ${user}; unread: ${await inbox.unreadCount()}`);

setTimeout(() => {
  // the server notifies the user while the page is open
  void server.notifications.create({ user, type: 'mention', message: 'Ada mentioned you', meta: { url: '/doc/1' } });
  void server.notifications.create({ user, type: 'comment', message: 'Bob replied' });
}, 200);

let seen = 0;
for await (const frame of connection) {
  if (frame.kind !== 'notification') continue;
  console.log(`live: [${frame.notification.type}] ${frame.notification.message}`);
  if (++seen === 2) break; // leaving the loop stops iterating; the socket stays open until close()
}
const page = await inbox.list({ itemsPerPage: 10 });
console.log(`inbox has ${page.itemsInTotal}, unread ${await inbox.unreadCount()}`);
await inbox.markRead([page.items[0].id]);
console.log(`after reading the newest: unread ${await inbox.unreadCount()}`);
connection.close();
