import { Client } from 'pg';
import WebSocket from 'ws';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { WsClient } from './support/ws-client';

/** Table scans of api_keys as Postgres counts them: every key look-up is one (index or sequential) scan. */
async function apiKeyScans(db: Client): Promise<number> {
  const { rows } = await db.query("SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS scans FROM pg_stat_user_tables WHERE relname = 'api_keys'");
  return Number(rows[0].scans);
}

async function inParallel<T>(n: number, width: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < n; start += width) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(width, n - start) }, (_, j) => run(start + j)))));
  }
  return results;
}

/** Opens an upgrade and reports the HTTP status of a refusal, or the close code of an accepted one. */
function upgradeOutcome(url: string, key: string): Promise<{ status?: number; retryAfter?: string; close?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, ['notify.v1', `bearer.${key}`]);
    socket.on('unexpected-response', (_request, response) => resolve({ status: response.statusCode, retryAfter: response.headers['retry-after'] as string }));
    socket.on('close', (code) => resolve({ close: code }));
    socket.on('error', () => undefined);
  });
}

describe('floods of bad credentials', () => {
  describe('the cache of unknown keys', () => {
    let stack: Stack;
    let db: Client;

    beforeAll(async () => {
      stack = await Stack.start({ apps: ['api-gateway', 'ws-gateway'], env: { RATE_LIMIT_PER_ADDRESS_PER_SECOND: '0' } });
      db = new Client({ connectionString: process.env.E2E_DATABASE_URL });
      await db.connect();
    });

    afterAll(async () => {
      await db.end();
      await stack.stop();
    });

    it('answers the same unknown key 1,000 times with 401 for about one Postgres look-up, over REST and WebSocket', async () => {
      const before = await apiKeyScans(db);
      const statuses = await inParallel(1000, 50, async () => (await stack.api('GET', '/v1/subscriptions', { key: 'nk_guessed_0000' })).status);
      expect(new Set(statuses)).toEqual(new Set([401]));
      const closes = await inParallel(100, 25, () => upgradeOutcome(stack.wsUrl, 'nk_guessed_1111'));
      expect(closes.every((c) => c.close === 1008)).toBe(true);

      // A control of 200 distinct unknown keys: 200 look-ups, which also waits out Postgres' statistics flush.
      const distinct = await inParallel(200, 50, async (i) => (await stack.api('GET', '/v1/subscriptions', { key: `nk_distinct_${i}` })).status);
      expect(new Set(distinct)).toEqual(new Set([401]));
      const grown = await waitFor(async () => {
        const delta = (await apiKeyScans(db)) - before;
        return delta >= 200 && delta;
      }, 'the distinct keys to show in pg_stat_user_tables', 30_000, 250);
      // 200 for the distinct keys, one each for the two repeated ones (and slack for the statistics' granularity).
      expect(grown).toBeLessThanOrEqual(210);
    });
  });

  describe('the per-address limit before authentication', () => {
    let stack: Stack;
    let tenant: { id: string; apiKey: string };

    beforeAll(async () => {
      stack = await Stack.start({ apps: ['api-gateway', 'ws-gateway'], env: { RATE_LIMIT_PER_ADDRESS_PER_SECOND: '20' } });
      tenant = await stack.createTenant('address-limit');
    });

    afterAll(async () => {
      await stack.stop();
    });

    it('answers a flood from one address 429 with Retry-After in the error shape, whatever the key, and lets it in again a second later', async () => {
      const answers = await Promise.all(Array.from({ length: 150 }, (_, i) => stack.api('GET', '/v1/subscriptions', { key: `nk_flood_${i}` })));
      const limited = answers.filter((a) => a.status === 429);
      // At most two one-second windows' worth get through to authentication.
      expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(40);
      expect(limited.length).toBeGreaterThanOrEqual(110);
      expect(limited[0].headers.get('retry-after')).toBe('1');
      expect(limited[0].body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('address') });
      expect((await fetch(`${stack.apiUrl}/health`)).status).toBe(200);
      await waitFor(async () => (await stack.api('GET', '/v1/subscriptions', { key: tenant.apiKey })).status === 200, 'the valid key to pass again', 5000, 200);
    });

    it('refuses a flood of WebSocket upgrades with HTTP 429 before upgrading', async () => {
      const outcomes = await Promise.all(Array.from({ length: 80 }, (_, i) => upgradeOutcome(stack.wsUrl, `nk_flood_ws_${i}`)));
      const refused = outcomes.filter((o) => o.status === 429);
      expect(refused.length).toBeGreaterThanOrEqual(40);
      expect(refused[0].retryAfter).toBe('1');
      expect(outcomes.every((o) => o.status === 429 || o.close === 1008)).toBe(true);
      const client = await waitFor(() => WsClient.ready(stack.wsUrl, tenant.apiKey), 'a valid upgrade to pass again', 5000, 200);
      client.close();
    });
  });
});
