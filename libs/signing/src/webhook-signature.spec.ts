import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, signWebhook, webhookSignatureHeaders } from './webhook-signature';

describe(webhookSignatureHeaders.name, () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'order.created', data: { total: 12.5, note: 'ünïcode' } });

  it('produces headers the standardwebhooks verifier accepts', () => {
    const secret = generateWebhookSecret();
    const headers = webhookSignatureHeaders(secret, 'msg_1', body);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('is rejected by the verifier when the body is tampered with', () => {
    const secret = generateWebhookSecret();
    const headers = webhookSignatureHeaders(secret, 'msg_1', body);
    expect(() => new Webhook(secret).verify(body.replace('12.5', '99'), { ...headers })).toThrow();
  });

  it('signs with every secret given, space-separated, so either verifies', () => {
    const [fresh, old] = [generateWebhookSecret(), generateWebhookSecret()];
    const sut = webhookSignatureHeaders([fresh, old], 'msg_1', body);
    expect(sut['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(fresh).verify(body, { ...sut })).toEqual(JSON.parse(body));
    expect(new Webhook(old).verify(body, { ...sut })).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...sut })).toThrow();
  });

  it('is rejected by the verifier under another secret', () => {
    const headers = webhookSignatureHeaders(generateWebhookSecret(), 'msg_1', body);
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow();
  });
});

describe(generateWebhookSecret.name, () => {
  it('is whsec_ plus base64 of at least 24 random bytes, different every time', () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(a.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(a).not.toBe(b);
  });
});

describe(signWebhook.name, () => {
  it('matches a known HMAC (spec example from standard-webhooks)', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const sig = signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
});
