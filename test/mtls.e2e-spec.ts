import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TLSSocket } from 'node:tls';
import { Webhook } from 'standardwebhooks';
import { RunningApp, Stack } from './support/stack';
import { waitFor } from './support/wait-for';
import { createWebhook, publish } from './support/webhooks';

/** A throwaway PKI made with the openssl CLI: a CA, a server certificate for 127.0.0.1, a client certificate. */
function makePki(dir: string): Record<'ca' | 'serverCert' | 'serverKey' | 'clientCert' | 'clientKey', string> {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=e2e test CA');
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(file('client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, cn] of [['server', '127.0.0.1'], ['client', 'notify-deliverer']]) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`);
  }
  return { ca: file('ca.pem'), serverCert: file('server.pem'), serverKey: file('server.key'), clientCert: file('client.pem'), clientKey: file('client.key') };
}

interface SeenRequest {
  headers: Record<string, string>;
  body: string;
  clientCn: string;
}

describe('mutual TLS for HTTPS deliveries', () => {
  let stack: Stack;
  let dir: string;
  let pki: ReturnType<typeof makePki>;
  let server: Server;
  const seen: SeenRequest[] = [];
  let deliverer: RunningApp | undefined;

  const receiverUrl = () => `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mtls-e2e-'));
    pki = makePki(dir);
    // Only clients with a certificate signed by the test CA get through the handshake.
    server = createServer({ cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey), ca: readFileSync(pki.ca), requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const clientCn = String((req.socket as TLSSocket).getPeerCertificate().subject?.CN);
        seen.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString(), clientCn });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stack = await Stack.start({ apps: ['api-gateway', 'subscription-matcher'], env: { RETRY_MAX_AGE_MS: '1', DELIVERY_TIMEOUT_MS: '3000' } });
  });
  afterEach(async () => {
    if (deliverer) await stack.stopApp(deliverer, 'SIGKILL');
    deliverer = undefined;
  });
  afterAll(async () => {
    await stack?.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const startDeliverer = async (env: Record<string, string>) => {
    deliverer = await stack.startApp('webhook-deliverer', { env });
  };

  const attemptsOf = async (key: string, eventId: string) => {
    const deliveries = await waitFor(async () => {
      const { body } = await stack.api('GET', `/v1/events/${eventId}/deliveries`, { key });
      return body.items?.length === 1 && body.items[0].status !== 'pending' && body.items;
    }, 'the delivery to end');
    return (await stack.api('GET', `/v1/deliveries/${deliveries[0].id}`, { key })).body;
  };

  it('presents the configured client certificate, and the receiver gets a signed delivery', async () => {
    await startDeliverer({ DELIVERY_CLIENT_CERT: pki.clientCert, DELIVERY_CLIENT_KEY: pki.clientKey, DELIVERY_CA_CERT: pki.ca });
    const { apiKey } = await stack.createTenant();
    const sub = await createWebhook(stack, apiKey, { url: receiverUrl() });
    const eventId = await publish(stack, apiKey, { type: 'secure.ping', payload: { n: 1 } });

    const request = await waitFor(() => seen.find((r) => r.headers['webhook-id'] === eventId), 'the HTTPS delivery');
    expect(request.clientCn).toBe('notify-deliverer');
    expect(new Webhook(sub.secret).verify(request.body, request.headers)).toMatchObject({ id: eventId, data: { n: 1 } });
    expect(await attemptsOf(apiKey, eventId)).toMatchObject({ status: 'succeeded' });
  });

  it('without a client certificate the handshake is refused and the attempt fails with a TLS error', async () => {
    await startDeliverer({ DELIVERY_CA_CERT: pki.ca });
    const { apiKey } = await stack.createTenant();
    await createWebhook(stack, apiKey, { url: receiverUrl() });
    const eventId = await publish(stack, apiKey, { type: 'secure.ping', payload: { n: 2 } });

    const delivery = await attemptsOf(apiKey, eventId);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts[0].responseStatus).toBeNull();
    expect(delivery.attempts[0].error).toMatch(/certificate|SSL|TLS|ECONNRESET|socket/i);
    expect(seen.some((r) => r.headers['webhook-id'] === eventId)).toBe(false);
  });

  it('refuses to start with half a client certificate or an unreadable file, saying which variable', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ DELIVERY_CLIENT_CERT: pki.clientCert }, /DELIVERY_CLIENT_CERT and DELIVERY_CLIENT_KEY must be set together/],
      [{ DELIVERY_CLIENT_CERT: pki.clientCert, DELIVERY_CLIENT_KEY: path.join(dir, 'missing.key') }, /DELIVERY_CLIENT_KEY: cannot read/],
      [{ DELIVERY_CA_CERT: path.join(dir, 'client.ext') }, /DELIVERY_CA_CERT: .* is not usable PEM/],
      [{ DELIVERY_CLIENT_CERT: pki.clientCert, DELIVERY_CLIENT_KEY: pki.serverKey }, /not usable PEM/],
    ];
    for (const [env, message] of cases) {
      const app = await stack.startApp('webhook-deliverer', { env, port: 1, awaitHealthy: false });
      try {
        await waitFor(() => app.process.exitCode !== null, `the deliverer to refuse ${Object.keys(env).join(', ')}`, 30_000);
      } finally {
        await stack.stopApp(app, 'SIGKILL');
      }
      expect(app.process.exitCode).toBe(1);
      expect(app.output.join('')).toMatch(message);
      expect(app.output.join('')).not.toContain('BEGIN');
    }
  });
});
