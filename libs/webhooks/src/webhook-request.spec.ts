import { Webhook } from 'standardwebhooks';
import { SubscriptionEntity } from '@app/persistence';
import { generateWebhookSecret } from '@app/signing';
import { buildWebhookRequest, signingSecrets } from './webhook-request';

const event = { id: 'b6f7c0de-0000-4000-8000-000000000001', type: 'order.created', payload: { total: 3, tags: ['a'] }, channels: ['eu'], createdAt: '2026-11-22T10:00:00.000Z' };

function subscription(fields: Partial<SubscriptionEntity>): SubscriptionEntity {
  return { url: 'https://hooks.example.com/in?x=1', httpMethod: 'POST', headers: {}, secret: generateWebhookSecret(), ...fields } as SubscriptionEntity;
}

describe(buildWebhookRequest.name, () => {
  it('POSTs the signed envelope with the subscription headers', () => {
    const sub = subscription({ headers: { 'x-tenant': 't1' } });
    const sut = buildWebhookRequest(sub, event);
    expect(JSON.parse(sut.body!)).toEqual({ id: event.id, type: event.type, timestamp: event.createdAt, data: event.payload, channels: ['eu'] });
    expect(sut.headers['x-tenant']).toBe('t1');
    expect(sut.headers['webhook-id']).toBe(event.id);
    expect(new Webhook(sub.secret).verify(sut.body!, sut.headers)).toEqual(JSON.parse(sut.body!));
  });

  it('sends GET deliveries as query parameters and signs the data string', () => {
    const sub = subscription({ httpMethod: 'GET' });
    const sut = buildWebhookRequest(sub, event);
    const url = new URL(sut.url);
    expect(sut.body).toBeUndefined();
    expect(url.searchParams.get('x')).toBe('1');
    expect(url.searchParams.get('id')).toBe(event.id);
    expect(url.searchParams.get('timestamp')).toBe(event.createdAt);
    expect(JSON.parse(url.searchParams.get('data')!)).toEqual(event.payload);
    expect(() => new Webhook(sub.secret).verify(url.searchParams.get('data')!, sut.headers)).not.toThrow();
  });

  it('does not let subscription headers override the signature', () => {
    const sub = subscription({ headers: { 'webhook-signature': 'v1,forged' } });
    expect(buildWebhookRequest(sub, event).headers['webhook-signature']).not.toBe('v1,forged');
  });
});

describe(signingSecrets.name, () => {
  const now = Date.parse('2026-12-01T12:00:00Z');

  it('signs with the new and the old secret until the old one expires, then with the new one only', () => {
    const sub = subscription({ secret: 'whsec_new', previousSecret: 'whsec_old', previousSecretExpiresAt: new Date(now + 1000) });
    expect(signingSecrets(sub, now)).toEqual(['whsec_new', 'whsec_old']);
    expect(signingSecrets(sub, now + 1000)).toEqual(['whsec_new']);
  });

  it('puts both signatures in webhook-signature during the overlap, each verifiable', () => {
    const [fresh, old] = [generateWebhookSecret(), generateWebhookSecret()];
    const sut = buildWebhookRequest(subscription({ secret: fresh, previousSecret: old, previousSecretExpiresAt: new Date(Date.now() + 60_000) }), event);
    expect(sut.headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(new Webhook(fresh).verify(sut.body!, sut.headers)).toBeTruthy();
    expect(new Webhook(old).verify(sut.body!, sut.headers)).toBeTruthy();
  });
});
