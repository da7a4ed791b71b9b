// A worker that pulls messages from a pull subscription, handles each, and acks it once handled.
// Unacked messages (a crash, a handler error) come back after the subscription's visibilityTimeout.
import { NotifyClient } from '../libs/sdk/dist/index.js';

const client = new NotifyClient({ baseUrl: process.env.NOTIFY_API_URL ?? 'http://127.0.0.1:3000', apiKey: process.env.NOTIFY_API_KEY });
const expected = Number(process.env.MESSAGES ?? 5);

// Use an existing subscription, or make one and feed it a few events so the example has something to do.
let subscriptionId = process.env.SUBSCRIPTION_ID;
if (!subscriptionId) {
  subscriptionId = (await client.subscriptions.create({ name: 'example worker', transport: 'pull', eventTypes: ['job.created'] })).id;
  await client.events.publishBatch(Array.from({ length: expected }, (_, i) => ({ type: 'job.created', payload: { job: i + 1 } })));
}

const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
let handled = 0;

await client.pull(subscriptionId).consume(
  async (message) => {
    console.log(`job ${message.data.job} (event ${message.eventId}, attempt ${message.deliveryAttempt})`);
    if (++handled >= expected && !process.env.SUBSCRIPTION_ID) stop.abort();
  },
  { wait: 20, signal: stop.signal, onError: (error, message) => console.error(`message ${message.id} failed: ${error}`) },
);
console.log(`handled ${handled} messages`);
if (!process.env.SUBSCRIPTION_ID) await client.subscriptions.delete(subscriptionId);
