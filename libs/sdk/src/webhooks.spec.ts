import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { WebhookVerificationError } from './errors';
import { sign, verifyWebhook } from './webhooks';

/** verifyWebhook against the reference `standardwebhooks` signer: same bytes in, same verdict. */
describe(verifyWebhook.name, () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const signer = new Webhook(secret);
  const body = JSON.stringify({ id: 'evt_1', type: 'order.created', timestamp: '2025-01-01T00:00:00.000Z', data: { total: 12.5, note: 'ünïcode ✓' } });
  const now = new Date();

  function headersFor(payload: string, at = now, id = 'msg_1'): Record<string, string> {
    return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signer.sign(id, at, payload) };
  }

  it('accepts what the reference signer signed and returns the parsed body', async () => {
    await expect(verifyWebhook(secret, headersFor(body), body)).resolves.toEqual(JSON.parse(body));
  });

  it('accepts a Headers object, a byte body, and mixed-case header names', async () => {
    const h = headersFor(body);
    await expect(verifyWebhook(secret, new Headers(h), new TextEncoder().encode(body))).resolves.toBeDefined();
    await expect(verifyWebhook(secret, { 'Webhook-Id': h['webhook-id'], 'WEBHOOK-TIMESTAMP': h['webhook-timestamp'], 'Webhook-Signature': h['webhook-signature'] }, body)).resolves.toBeDefined();
  });

  it('accepts either secret of a rotation overlap, whose header carries both signatures', async () => {
    const newer = `whsec_${randomBytes(32).toString('base64')}`;
    const h = headersFor(body);
    const both = { ...h, 'webhook-signature': `${new Webhook(newer).sign('msg_1', now, body)} ${h['webhook-signature']}` };
    await expect(verifyWebhook(newer, both, body)).resolves.toEqual(JSON.parse(body));
    await expect(verifyWebhook(secret, both, body)).resolves.toEqual(JSON.parse(body));
    await expect(verifyWebhook(`whsec_${randomBytes(32).toString('base64')}`, both, body)).rejects.toThrow(WebhookVerificationError);
  });

  it('produces the same signature as the reference signer', async () => {
    const ts = Math.floor(now.getTime() / 1000);
    await expect(sign(secret, `msg_1.${ts}.${body}`)).resolves.toBe(signer.sign('msg_1', now, body).slice('v1,'.length));
  });

  it('accepts any of several space-separated signatures (secret rotation)', async () => {
    const h = headersFor(body);
    const other = new Webhook(`whsec_${randomBytes(32).toString('base64')}`).sign('msg_1', now, body);
    await expect(verifyWebhook(secret, { ...h, 'webhook-signature': `${other} ${h['webhook-signature']}` }, body)).resolves.toBeDefined();
  });

  it('rejects a tampered body, another id, and another secret', async () => {
    const h = headersFor(body);
    await expect(verifyWebhook(secret, h, body.replace('12.5', '99'))).rejects.toThrow(WebhookVerificationError);
    await expect(verifyWebhook(secret, { ...h, 'webhook-id': 'msg_2' }, body)).rejects.toThrow('no matching signature');
    await expect(verifyWebhook(`whsec_${randomBytes(32).toString('base64')}`, h, body)).rejects.toThrow(WebhookVerificationError);
  });

  it('rejects timestamps outside the tolerance either way, and honours a custom tolerance and clock', async () => {
    const old = new Date(now.getTime() - 301_000);
    // The clock is pinned to `now`: on a busy machine the real one may have moved on since the file loaded.
    await expect(verifyWebhook(secret, headersFor(body, old), body, { now })).rejects.toThrow('too old');
    await expect(verifyWebhook(secret, headersFor(body, new Date(now.getTime() + 301_000)), body, { now })).rejects.toThrow('too new');
    await expect(verifyWebhook(secret, headersFor(body, old), body, { toleranceSeconds: 600, now })).resolves.toBeDefined();
    await expect(verifyWebhook(secret, headersFor(body, old), body, { now: old })).resolves.toBeDefined();
  });

  it('rejects missing headers, a non-v1 scheme and a malformed timestamp', async () => {
    const h = headersFor(body);
    await expect(verifyWebhook(secret, { ...h, 'webhook-signature': '' }, body)).rejects.toThrow('missing');
    await expect(verifyWebhook(secret, { ...h, 'webhook-signature': h['webhook-signature'].replace('v1,', 'v2,') }, body)).rejects.toThrow('no matching signature');
    await expect(verifyWebhook(secret, { ...h, 'webhook-timestamp': '12abc' }, body)).rejects.toThrow('invalid webhook-timestamp');
  });

  it('agrees with the reference verifier on a signature it rejects', async () => {
    const h = { ...headersFor(body), 'webhook-signature': `v1,${randomBytes(32).toString('base64')}` };
    expect(() => signer.verify(body, h)).toThrow();
    await expect(verifyWebhook(secret, h, body)).rejects.toThrow(WebhookVerificationError);
  });
});
