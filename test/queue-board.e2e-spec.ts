import { launchChromium, screenshot } from './support/browser';
import { ADMIN_TOKEN, Stack } from './support/stack';

describe('queue dashboard (bull-board) at /admin/queues', () => {
  let stack: Stack;
  const board = (path = '/admin/queues/', init: RequestInit = {}) => fetch(`${stack.apiUrl}${path}`, { redirect: 'manual', ...init });

  beforeAll(async () => {
    stack = await Stack.start({ apps: ['api-gateway'] });
  });
  afterAll(async () => stack?.stop());

  it('answers 401 without the admin token or with a wrong one, in the error shape or as a login form', async () => {
    const none = await board();
    expect(none.status).toBe(401);
    await expect(none.json()).resolves.toEqual({ statusCode: 401, error: 'Unauthorized', message: 'the queue dashboard needs the admin token' });
    expect((await board('/admin/queues/api/queues', { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
    const tenantKey = (await stack.createTenant()).apiKey;
    expect((await board('/admin/queues/', { headers: { authorization: `Bearer ${tenantKey}` } })).status).toBe(401);

    const browser = await board('/admin/queues/', { headers: { accept: 'text/html' } });
    expect(browser.status).toBe(401);
    await expect(browser.text()).resolves.toContain('action="/admin/queues/login"');
  });

  it('answers 200 with the bearer token and lists both queues', async () => {
    const page = await board('/admin/queues/', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    // The UI's own script is served under the same base path, behind the same check.
    const script = `/admin/queues/${/<script[^>]+src="([^"]+)"/.exec(await page.text())![1]}`;
    expect((await board(script, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
    expect((await board(script)).status).toBe(401);
    const api = await board('/admin/queues/api/queues', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['published-events', 'webhook-deliveries']);
  });

  it('takes the token once (?token= or the login form), sets an HttpOnly cookie and drops the token from the address', async () => {
    const viaQuery = await board(`/admin/queues/?token=${ADMIN_TOKEN}`);
    expect(viaQuery.status).toBe(303);
    expect(viaQuery.headers.get('location')).toBe('/admin/queues/');
    const cookie = viaQuery.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^notify_admin=[\w-]+; Path=\/admin\/queues; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(ADMIN_TOKEN);
    const withCookie = await board('/admin/queues/api/queues', { headers: { cookie: cookie.split(';')[0] } });
    expect(withCookie.status).toBe(200);

    const wrongForm = await board('/admin/queues/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=nope' });
    expect(wrongForm.status).toBe(401);
    const form = await board('/admin/queues/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${ADMIN_TOKEN}` });
    expect(form.status).toBe(303);
    expect(form.headers.get('set-cookie')!.split(';')[0]).toBe(cookie.split(';')[0]);
    expect((await board('/admin/queues/api/queues', { headers: { cookie: 'notify_admin=forged' } })).status).toBe(401);
  });

  it('renders in Chromium after ?token=, with every request kept on this server', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
      const outside: string[] = [];
      // CSP-blocked requests end in requestfailed; only ones that completed reached another server.
      page.on('requestfinished', (request) => !request.url().startsWith(stack.apiUrl) && outside.push(request.url()));
      await page.goto(`${stack.apiUrl}/admin/queues?token=${ADMIN_TOKEN}`);
      await page.locator('text=webhook-deliveries').first().waitFor();
      expect(page.url()).toBe(`${stack.apiUrl}/admin/queues/`);
      await screenshot(page, 'queue-board');
      expect(outside).toEqual([]);
      expect(problems.filter((p) => !/fonts\.googleapis\.com/.test(p))).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('does not exist (404) when ADMIN_TOKEN is unset', async () => {
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const app = await stack.startApp('api-gateway', { port, env: { ADMIN_TOKEN: '' } });
    try {
      const response = await fetch(`http://127.0.0.1:${port}/admin/queues/?token=${ADMIN_TOKEN}`);
      expect(response.status).toBe(404);
      await expect(response.json()).resolves.toMatchObject({ statusCode: 404 });
    } finally {
      await stack.stopApp(app, 'SIGKILL');
    }
  });
});
