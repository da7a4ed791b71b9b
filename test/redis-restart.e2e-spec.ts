import { PrivateRedis } from './support/private-redis';
import { Receiver } from './support/receiver';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { createWebhook, publish, settled } from './support/webhooks';

describe('a Redis restart loses nothing accepted', () => {
  let redis: PrivateRedis;
  let stack: Stack;
  let receiver: Receiver;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    receiver = await Receiver.start();
    stack = await Stack.start({ apps: ['api-gateway', 'subscription-matcher', 'webhook-deliverer'], env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
    try {
      redis?.down();
    } catch {
      /* already down */
    }
  });

  it('delivers events accepted before the restart, refuses publishing while Redis is down, and works again after', async () => {
    const { apiKey: key } = await stack.createTenant();
    await createWebhook(stack, key, { url: `${receiver.url}/hook` });
    await stack.stopApp('subscription-matcher', 'SIGKILL');
    const accepted = await Promise.all(Array.from({ length: 10 }, (_, n) => publish(stack, key, { type: 'r', payload: { n } })));

    redis.down();
    // Until the gateway notices, a publish may still be accepted: then it is in Postgres and must arrive too.
    const refused = await waitFor(async () => {
      const response = await stack.api('POST', '/v1/events', { key, body: { type: 'r', payload: {} } });
      if (response.status === 202) accepted.push(response.body.id);
      return response.status === 503 && response;
    }, 'publish to answer 503 while Redis is down');
    expect(refused.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    await redis.up();

    await waitFor(async () => (await stack.api('GET', '/health')).status === 200, 'the api-gateway to be healthy again');
    await stack.startApp('subscription-matcher');
    const after = await publish(stack, key, { type: 'r', payload: { after: true } });
    for (const id of [...accepted, after]) await expect(settled(stack, key, id, 30_000)).resolves.toMatchObject({ deliveries: { succeeded: 1 } });
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([...accepted, after]));
  });
});
