import { Receiver } from './support/receiver';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { createWebhook, publish, settled } from './support/webhooks';

/** Recover works in pages of at most `limit` (1000) and answers a cursor to continue, instead of one unbounded batch. */
describe('recover in pages', () => {
  let stack: Stack;
  let receiver: Receiver;
  let key: string;

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway', 'subscription-matcher', 'webhook-deliverer'], env: { RETRY_MAX_AGE_MS: '1000' } });
    receiver = await Receiver.start(() => ({ status: 500 }));
    key = (await stack.createTenant()).apiKey;
  });
  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  const recover = (subscriptionId: string, body: object) => stack.api('POST', `/v1/subscriptions/${subscriptionId}/recover`, { key, body });
  const failedCount = async (subscriptionId: string) =>
    (await stack.api('GET', `/v1/subscriptions/${subscriptionId}/deliveries?status=failed`, { key })).body.total as number;

  const attemptsOf = (eventIds: string[]) => Promise.all(eventIds.map(async (id) => {
    const { body } = await stack.api('GET', `/v1/events/${id}/deliveries`, { key });
    return (await stack.api('GET', `/v1/deliveries/${body.items[0].id}`, { key })).body.attempts.length as number;
  }));

  it('requeues `limit` at a time, oldest first, and the cursor never picks one that failed again meanwhile', async () => {
    const sub = await createWebhook(stack, key, { url: `${receiver.url}/pages` });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await publish(stack, key, { type: 'x', payload: { i } }));
    for (const id of ids) await settled(stack, key, id);
    expect(await failedCount(sub.id)).toBe(5);
    const since = new Date(Date.now() - 60_000).toISOString();
    const attemptsBefore = await attemptsOf(ids);

    const pages: { requeued: number; next: string | null }[] = [];
    let cursor: string | undefined;
    do {
      const response = await recover(sub.id, { since, limit: 2, ...(cursor && { cursor }) });
      expect(response.status).toBe(202);
      pages.push(response.body);
      cursor = response.body.next ?? undefined;
      // The receiver still fails: let this page's deliveries end failed again before asking for the next page.
      await waitFor(async () => (await failedCount(sub.id)) === 5, 'the requeued deliveries to fail again');
    } while (cursor);

    expect(pages.map((p) => p.requeued)).toEqual([2, 2, 1]);
    expect(pages.map((p) => typeof p.next)).toEqual(['string', 'string', 'object']);
    expect(pages[2].next).toBeNull();
    // Each delivery was sent again exactly once.
    const attemptsAfter = await attemptsOf(ids);
    expect(attemptsAfter.map((n, i) => n - attemptsBefore[i])).toEqual([1, 1, 1, 1, 1]);
  });

  it('answers next: null when one page holds them all, and 422 for a forged cursor, a bad limit or a since past the largest Date', async () => {
    const sub = await createWebhook(stack, key, { url: `${receiver.url}/one` });
    await settled(stack, key, await publish(stack, key, { type: 'x', payload: {} }));
    const since = Date.now() - 60_000;
    await expect(recover(sub.id, { since })).resolves.toMatchObject({ status: 202, body: { requeued: 1, next: null } });

    for (const body of [{ since, cursor: 'forged' }, { since, limit: 0 }, { since, limit: 1001 }, { since, limit: '2' }, { since: 1e20 }, { since: '2024-13-45' }]) {
      const response = await recover(sub.id, body);
      expect([JSON.stringify(body), response.status]).toEqual([JSON.stringify(body), 422]);
      expect(response.body).toMatchObject({ statusCode: 422, message: [expect.any(String)] });
    }
  });
});
