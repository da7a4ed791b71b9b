import { Webhook } from 'standardwebhooks';
import { SubscriptionEntity } from '@app/persistence';
import { generateWebhookSecret } from '@app/signing';
import { buildWebhookRequest } from './webhook-request';

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
