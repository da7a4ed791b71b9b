import { NotifyClient, NotFoundError, PulledMessage } from '@notify-platform/sdk';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';

/** The SDK's pull consumer against the real api-gateway and matcher. */
jest.setTimeout(60_000);

describe('SDK: pull consumer', () => {
  let stack: Stack;
  let client: NotifyClient;

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway', 'subscription-matcher'] });
    client = new NotifyClient({ baseUrl: stack.apiUrl, apiKey: (await stack.createTenant()).apiKey });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function pullSubscription(channel: string, visibilityTimeout = 30): Promise<string> {
    return (await client.subscriptions.create({ name: channel, transport: 'pull', channels: [channel], visibilityTimeout })).id;
  }

  async function publish(channel: string, n: number): Promise<string[]> {
    return client.events.publishBatch(Array.from({ length: n }, (_, i) => ({ type: 'job', payload: { i }, channels: [channel] })));
  }

  it('poll() returns at most max messages, [] after wait when nothing is ready; ack() reports failures', async () => {
    const sub = await pullSubscription('poll');
    const consumer = client.pull(sub);
    const started = Date.now();
    await expect(consumer.poll({ wait: 0.5 })).resolves.toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);

    const eventIds = await publish('poll', 3);
    const first = await waitFor(async () => {
      const batch = await consumer.poll({ max: 2, wait: 2 });
      return batch.length ? batch : undefined;
    }, 'the first batch');
    expect(first.length).toBeLessThanOrEqual(2);
    expect(eventIds).toEqual(expect.arrayContaining(first.map((m) => m.eventId)));
    expect(first[0]).toMatchObject({ type: 'job', deliveryAttempt: 1 });
    await expect(consumer.ack([first[0].id, '00000000-0000-4000-8000-000000000000'])).resolves.toEqual({ acked: 1, failures: ['00000000-0000-4000-8000-000000000000'] });
    await expect(client.pull('00000000-0000-4000-8000-000000000000').poll({ wait: 0 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('messages() long-polls forever and yields every message; acked ones do not come back', async () => {
    const sub = await pullSubscription('iter');
    const consumer = client.pull(sub);
    const controller = new AbortController();
    const seen: PulledMessage[] = [];
    const loop = (async () => {
      for await (const message of consumer.messages({ wait: 1, signal: controller.signal })) {
        seen.push(message);
        await consumer.ack([message.id]);
      }
    })();
    await publish('iter', 4);
    await waitFor(() => seen.length >= 4, '4 messages');
    await publish('iter', 2); // arrives while a long poll is open
    await waitFor(() => seen.length >= 6, '6 messages');
    controller.abort();
    await loop;
    expect(new Set(seen.map((m) => m.id)).size).toBe(6);
    expect(seen.map((m) => m.data.i).sort()).toEqual([0, 0, 1, 1, 2, 3]);
    await expect(consumer.poll({ wait: 0 })).resolves.toEqual([]);
    await expect(client.subscriptions.deliveries(sub, { status: 'pending' })).resolves.toMatchObject({ total: 0 });
  });

  it('consume() acks after the handler resolves, leaves a failed one for redelivery, and stops on abort', async () => {
    const sub = await pullSubscription('consume', 1);
    const consumer = client.pull(sub);
    const controller = new AbortController();
    const handled: PulledMessage[] = [];
    const errors: unknown[] = [];
    let failedOnce = false;
    const done = consumer.consume(async (message) => {
      if (message.data.i === 1 && !failedOnce) {
        failedOnce = true;
        throw new Error('transient');
      }
      handled.push(message);
    }, { wait: 1, signal: controller.signal, onError: (error) => errors.push(error) });

    await publish('consume', 3);
    await waitFor(() => handled.length >= 3, 'all three handled (one after a redelivery)');
    controller.abort();
    await expect(done).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    const retried = handled.find((m) => m.data.i === 1)!;
    expect(retried.deliveryAttempt).toBeGreaterThanOrEqual(2); // a 1 s lease may lapse once more on a loaded machine
    await expect(client.subscriptions.deliveries(sub, { status: 'succeeded' })).resolves.toMatchObject({ total: 3 });
  });
});
