import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { WsClient } from './support/ws-client';

/** What one tenant may hold open on one gateway process: waiting long polls and WebSocket connections. */
describe('per-tenant quotas of held connections', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway', 'ws-gateway'], env: { MAX_LONG_POLLS_PER_TENANT: '2', MAX_WS_CONNECTIONS_PER_TENANT: '2' } });
  });
  afterAll(() => stack?.stop());

  it('answers 429 to a third waiting long poll of a tenant, while another tenant may still wait', async () => {
    const a = await stack.createTenant('a');
    const b = await stack.createTenant('b');
    const pullOf = async (key: string) => (await stack.api('POST', '/v1/subscriptions', { key, body: { transport: 'pull' } })).body.id;
    const [subA, subB] = [await pullOf(a.apiKey), await pullOf(b.apiKey)];
    const poll = (key: string, id: string, wait: number) => stack.api('GET', `/v1/subscriptions/${id}/messages?wait=${wait}`, { key });

    // Three at once: whichever arrives third finds two waiting and is refused at once; the other two wait it out.
    const startedAt = Date.now();
    const polls = await Promise.all([1, 2, 3].map(async () => ({ response: await poll(a.apiKey, subA, 4), ms: Date.now() - startedAt })));
    expect(polls.map((p) => p.response.status).sort()).toEqual([204, 204, 429]);
    const refused = polls.find((p) => p.response.status === 429)!;
    expect(refused.ms).toBeLessThan(Math.min(...polls.filter((p) => p !== refused).map((p) => p.ms)));
    expect(refused.response.headers.get('retry-after')).toBe('1');
    expect(refused.response.body.message).toContain('MAX_LONG_POLLS_PER_TENANT');
    expect((await poll(b.apiKey, subB, 1)).status).toBe(204);
    expect((await poll(a.apiKey, subA, 1)).status).toBe(204);
  });

  it('closes a third WebSocket connection of a tenant with 1013 and lets it in once one closes', async () => {
    const tenant = await stack.createTenant('ws');
    const first = await WsClient.ready(stack.wsUrl, tenant.apiKey);
    await WsClient.ready(stack.wsUrl, tenant.apiKey);
    const third = await WsClient.connect(stack.wsUrl, { credential: tenant.apiKey });
    expect(await third.closedWith()).toEqual({ code: 1013, reason: expect.stringContaining('MAX_WS_CONNECTIONS_PER_TENANT') });
    const other = await WsClient.ready(stack.wsUrl, (await stack.createTenant('other')).apiKey);
    first.close();
    await first.closedWith();
    const fourth = await waitFor(async () => {
      const client = await WsClient.connect(stack.wsUrl, { credential: tenant.apiKey });
      await waitFor(() => client.frames.length > 0 || client.closed, 'a ready frame or a close', 5000, 20);
      return client.closed ? undefined : client;
    }, 'a connection to be let in again', 5000, 100);
    expect(fourth.of('ready')).toHaveLength(1);
    other.close();
  });
});
