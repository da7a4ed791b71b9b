// Publish events and receive them on a webhook endpoint that verifies every signature.
// Needs the platform running with ALLOW_PRIVATE_TARGETS=true (the receiver listens on localhost).
import { createServer } from 'node:http';
import { NotifyClient, verifyWebhook, WebhookVerificationError } from '../libs/sdk/dist/index.js';

const client = new NotifyClient({ baseUrl: process.env.NOTIFY_API_URL ?? 'http://127.0.0.1:3000', apiKey: process.env.NOTIFY_API_KEY });
let secret; // set once the subscription exists

// A receiver must read the raw body: verification is over the exact bytes sent, not re-serialized JSON.
const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  try {
    const message = await verifyWebhook(secret, req.headers, Buffer.concat(chunks));
    console.log(`verified ${message.type} ${message.id}:`, JSON.stringify(message.data));
    res.writeHead(204).end();
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    console.log(`rejected: ${error.message}`);
    res.writeHead(400).end();
  }
});
await new Promise((resolve) => server.listen(Number(process.env.RECEIVER_PORT ?? 0), '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/webhooks`;

const subscription = await client.subscriptions.create({ name: 'example receiver', url, eventTypes: ['order.created'] });
secret = subscription.secret;
try {
  for (const total of [10, 25, 99.5]) {
    // Waits until every delivery finished: a publication report with succeeded/failed/pending counts.
    const report = await client.events.publish({ type: 'order.created', payload: { total } }, { waitForFanOut: { timeoutMs: 20_000 } });
    console.log(`published ${report.id}: total=${report.total} succeeded=${report.succeeded} failed=${report.failed} pending=${report.pending}`);
  }
  // A forged request is refused by the receiver.
  const forged = await fetch(url, { method: 'POST', body: '{"type":"order.created"}', headers: { 'webhook-id': 'x', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,Zm9yZ2Vk' } });
  console.log(`forged request answered ${forged.status}`);
} finally {
  await client.subscriptions.delete(subscription.id);
  server.close();
}
