import { Stack } from './support/stack';
import { sql, statementsRunning, TenantRowLock } from './support/row-lock';
import { waitFor } from './support/wait-for';

/**
 * A 503 must mean "not done": Postgres itself cancels a statement (statement_timeout) before the gateway stops
 * waiting for it, so a publish that timed out cannot commit later and be published twice by the client's retry.
 */
describe('statement timeout on request paths', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway'] });
  });
  afterAll(() => stack?.stop());

  it('answers 503 to a publish stuck behind a lock, and the event is not stored after the lock goes', async () => {
    const { id: tenantId, apiKey } = await stack.createTenant('locked');
    const lock = await TenantRowLock.take(tenantId);
    let answered: number | undefined;
    try {
      const started = Date.now();
      const publishing = stack.api('POST', '/v1/events', { key: apiKey, body: { type: 'stuck', payload: {} } });
      await TenantRowLock.untilWaiting('INSERT INTO events');
      const response = await publishing;
      answered = Date.now() - started;
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(answered).toBeLessThan(5000);
    } finally {
      await lock.release();
    }
    // With only a client-side timeout the INSERT would still be waiting here and commit the moment the lock goes.
    await waitFor(async () => (await statementsRunning('INSERT INTO events')).active === 0, 'no INSERT INTO events to be running');
    const [{ n }] = await sql('SELECT count(*)::int AS n FROM events WHERE tenant_id = $1', [tenantId]);
    expect(n).toBe(0);

    const retried = await stack.api('POST', '/v1/events', { key: apiKey, body: { type: 'stuck', payload: {} } });
    expect(retried.status).toBe(202);
    expect((await sql('SELECT count(*)::int AS n FROM events WHERE tenant_id = $1', [tenantId]))[0].n).toBe(1);
  });
});
