import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from './support/browser';
import { Receiver } from './support/receiver';
import { Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { createWebhook, publish, settled } from './support/webhooks';

const README_SCREENSHOT = path.resolve(__dirname, '..', 'docs', 'console.png');

describe('operator console, in Chromium against the real stack', () => {
  let stack: Stack;
  let receiver: Receiver;
  let browser: Browser;
  let page: Page;
  let key: string;
  let failing: { id: string };
  let healthy: { id: string };
  let ordersDown = true;
  const pageProblems: string[] = [];

  beforeAll(async () => {
    // A short RETRY_MAX_AGE_MS makes a failing delivery end failed (and its subscription disabled) in seconds.
    stack = await Stack.start({ apps: ['subscription-matcher', 'webhook-deliverer', 'ws-gateway'], env: { RETRY_MAX_AGE_MS: '1500' } });
    // The gateways run on free ports, so the page learns the ws-gateway's from CONSOLE_WS_URL.
    await stack.startApp('api-gateway', { env: { CONSOLE_WS_URL: `ws://127.0.0.1:${stack.ports.get('ws-gateway')}` } });
    receiver = await Receiver.start((request) => (request.url.startsWith('/orders') && ordersDown
      ? { status: 500, body: '{"error":"database unavailable"}' }
      : { status: 200, body: 'ok' }));
    key = (await stack.createTenant('acme')).apiKey;
    healthy = await createWebhook(stack, key, { name: 'billing-service', url: `${receiver.url}/billing`, eventTypes: ['invoice.paid'] });
    await createWebhook(stack, key, { name: 'crm-sync', url: `${receiver.url}/crm`, eventTypes: ['customer.created', 'customer.updated'], channels: ['eu'] });
    failing = await createWebhook(stack, key, { name: 'orders-webhook', url: `${receiver.url}/orders`, eventTypes: ['order.created'] });
    await settled(stack, key, await publish(stack, key, { type: 'invoice.paid', payload: { invoice: 'INV-1', amount: 1200 } }));
    await settled(stack, key, await publish(stack, key, { type: 'invoice.paid', payload: { invoice: 'INV-2', amount: 80 } }));
    await publish(stack, key, { type: 'order.created', payload: { order: 'A-1001', total: 42.5 }, channels: ['eu'] });
    await waitFor(async () => (await stack.api('GET', `/v1/subscriptions/${failing.id}`, { key })).body.status === 'disabled', 'the failing subscription to be disabled');

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1320, height: 860 } });
    page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
    // HTTP errors the page handles by design (the wrong key's 401, a 404 from a test send) are not problems.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageProblems.push(`console: ${message.text()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await receiver?.close();
  });

  it('serves the page with a strict CSP, no inline script, and the ws-gateway URL in config.json', async () => {
    const html = await fetch(`${stack.apiUrl}/console/`);
    expect(html.status).toBe(200);
    const csp = html.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${stack.ports.get('ws-gateway')}`);
    expect(await html.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const config = await (await fetch(`${stack.apiUrl}/console/config.json`)).json();
    expect(config).toEqual({ wsUrl: stack.wsUrl });
  });

  it('signs in with an API key kept in sessionStorage only, and lists subscriptions with status, reason and success rate', async () => {
    await page.goto(`${stack.apiUrl}/console`);
    await page.fill('input[name=apiKey]', 'not_a_valid_key');
    await page.click('button[type=submit]');
    await page.waitForSelector('.form-error:has-text("not valid")');
    await page.fill('input[name=apiKey]', key);
    await page.click('button[type=submit]');

    const failingRow = page.locator(`tr[data-subscription="${failing.id}"]`);
    await failingRow.locator('.badge:has-text("disabled")').waitFor();
    await failingRow.locator('.rate-value:has-text("0%")').waitFor();
    await page.locator(`tr[data-subscription="${healthy.id}"] .rate-value:has-text("100%")`).waitFor();
    expect(await failingRow.locator('.reason').textContent()).toMatch(/\S/);
    expect(await page.evaluate(() => ({ session: Object.keys(sessionStorage), local: localStorage.length, cookie: document.cookie })))
      .toEqual({ session: ['notify.console.apiKey'], local: 0, cookie: '' });
    await screenshot(page, '1-subscriptions');
  });

  it("opens the failing subscription's delivery and reads every attempt", async () => {
    await page.click('a:has-text("orders-webhook")');
    await page.locator('.callout.bad:has-text("Disabled")').waitFor();
    await page.locator('.rate-value:has-text("0%")').waitFor();
    await expect(page.textContent('main')).resolves.not.toContain('[object');
    await screenshot(page, '2-subscription', README_SCREENSHOT);
    await page.click('table a[href^="#/deliveries/"]');
    await page.locator('.attempt').first().waitFor();
    const deliveryId = page.url().split('#/deliveries/')[1];
    const { body: delivery } = await stack.api('GET', `/v1/deliveries/${deliveryId}`, { key });
    expect(delivery.status).toBe('failed');
    await expect(page.locator('.attempt').count()).resolves.toBe(delivery.attempts.length);
    const first = page.locator('.attempt[data-attempt="1"]');
    await expect(first.locator('.badge').first().textContent()).resolves.toBe('500');
    await expect(first.locator('pre.body').textContent()).resolves.toBe('{"error":"database unavailable"}');
    await expect(first.textContent()).resolves.toMatch(/\d+ ms/);
    await screenshot(page, '3-delivery-attempts');
  });

  it('sends a test and shows the answer (or the API error)', async () => {
    await page.goto(`${stack.apiUrl}/console/#/subscriptions/${failing.id}`);
    await page.click('button:has-text("Send test")');
    const result = page.locator('.results .card:has-text("Test send")');
    await result.waitFor();
    await expect(result.locator('.badge, .error-box').count()).resolves.toBeGreaterThan(0);
  });

  it('re-enables the subscription and retries the failed delivery, which now succeeds', async () => {
    ordersDown = false;
    await page.click('button:has-text("Re-enable")');
    await waitFor(async () => (await stack.api('GET', `/v1/subscriptions/${failing.id}`, { key })).body.status === 'active', 'the subscription to be active again');
    await page.locator('.page-head .badge:has-text("active")').waitFor();
    expect(await page.locator('button:has-text("Re-enable")').count()).toBe(0);

    const deliveryId = (await page.getAttribute('table a[href^="#/deliveries/"]', 'href'))!.split('/').pop()!;
    await page.click('table button:has-text("Retry")');
    await waitFor(async () => (await stack.api('GET', `/v1/deliveries/${deliveryId}`, { key })).body.status === 'succeeded', 'the retried delivery to succeed');
    await page.goto(`${stack.apiUrl}/console/#/deliveries/${deliveryId}`);
    await page.locator('.page-head .badge:has-text("succeeded")').waitFor();
    await page.locator('.attempt .badge:text-is("200")').waitFor();
    await screenshot(page, '4-delivery-retried');
  });

  it('lists events newest first with their delivery counts', async () => {
    await page.click('nav a:has-text("Events")');
    await page.locator('table.grid tbody tr').first().waitFor();
    // The tenant's own three events, plus the platform's notify.* events about the subscription it disabled.
    const rows = await page.locator('table.grid tbody tr').allTextContents();
    expect(rows.filter((row) => !row.includes('notify.'))).toHaveLength(3);
    expect(rows.find((row) => !row.includes('notify.'))).toContain('order.created');
    await screenshot(page, '5-events');
  });

  it('live-tails a published event over the firehose', async () => {
    await page.click('nav a:has-text("Live tail")');
    await page.locator('.tail-status .badge:text-is("live")').waitFor();
    const eventId = await publish(stack, key, { type: 'order.shipped', payload: { order: 'A-1001', carrier: 'posten' }, channels: ['eu'] });
    const row = page.locator(`.tail-row[data-event="${eventId}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('order.shipped');
    await row.locator('summary').click();
    await expect(row.locator('pre').textContent()).resolves.toContain('posten');
    await screenshot(page, '6-live-tail');
  });

  it('raised no page errors and no CSP violations', () => {
    expect(pageProblems).toEqual([]);
  });
});

describe('GET /v1/events', () => {
  let stack: Stack;
  let key: string;

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway'] });
    key = (await stack.createTenant('lister')).apiKey;
  });
  afterAll(async () => stack?.stop());

  it("pages a tenant's own events newest first, narrowed by type, and refuses bad query values with 422", async () => {
    const ids: string[] = [];
    for (const type of ['a.one', 'b.two', 'a.one']) ids.push(await publish(stack, key, { type, payload: { n: ids.length } }));
    const other = (await stack.createTenant('other')).apiKey;
    await publish(stack, other, { type: 'a.one', payload: {} });

    const all = await stack.api('GET', '/v1/events', { key });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
    expect(all.body.items.map((e: { id: string }) => e.id)).toEqual([...ids].reverse());
    expect(all.body.items[0]).toMatchObject({ type: 'a.one', channels: [], deliveries: { total: 0 } });
    expect(all.body.items[0].payload).toBeUndefined();

    const typed = await stack.api('GET', '/v1/events?type=a.one&limit=1&offset=1', { key });
    expect(typed.body).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ id: ids[0] }] });

    for (const query of ['limit=0', 'limit=abc', 'offset=-1', `type=${'x'.repeat(257)}`]) {
      const bad = await stack.api('GET', `/v1/events?${query}`, { key });
      expect({ query, status: bad.status }).toEqual({ query, status: 422 });
    }
    await expect(stack.api('GET', '/v1/events')).resolves.toMatchObject({ status: 401 });
  });
});
