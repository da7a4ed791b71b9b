import { PublishedEvent } from '@app/contracts';
import { SubscriptionEntity } from '@app/persistence';
import { webhookSignatureHeaders } from '@app/signing';

export interface WebhookRequest {
  url: string;
  method: 'POST' | 'PUT' | 'GET';
  headers: Record<string, string>;
  body?: string;
}

/**
 * The request a receiver gets: the event envelope as JSON body (POST/PUT) or as query parameters (GET, where
 * the signed body is the `data` JSON string), signed per Standard Webhooks with `webhook-id` = event id, by the
 * current secret and, during a rotation's overlap, the previous one too.
 */
export type WebhookTarget = Pick<SubscriptionEntity, 'url' | 'httpMethod' | 'headers' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>;

export function buildWebhookRequest(subscription: WebhookTarget, event: PublishedEvent, now = Date.now()): WebhookRequest {
  const data = JSON.stringify(event.payload);
  const envelope = { id: event.id, type: event.type, timestamp: event.createdAt, data: event.payload, channels: event.channels };
  const method = subscription.httpMethod;
  const signedBody = method === 'GET' ? data : JSON.stringify(envelope);
  const headers = {
    ...subscription.headers,
    'content-type': 'application/json',
    'user-agent': 'notify-platform-webhooks/1',
    ...webhookSignatureHeaders(signingSecrets(subscription, now), event.id, signedBody, now),
  };
  if (method !== 'GET') return { url: subscription.url!, method, headers, body: signedBody };
  const url = new URL(subscription.url!);
  url.searchParams.set('id', event.id);
  url.searchParams.set('type', event.type);
  url.searchParams.set('timestamp', event.createdAt);
  url.searchParams.set('data', data);
  return { url: url.toString(), method, headers };
}

/** The current secret, then the one a rotation replaced while it has not expired. */
export function signingSecrets(subscription: Pick<SubscriptionEntity, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>, now = Date.now()): string[] {
  const { secret, previousSecret, previousSecretExpiresAt } = subscription;
  const oldStillValid = previousSecret && previousSecretExpiresAt && new Date(previousSecretExpiresAt).getTime() > now;
  return oldStillValid ? [secret, previousSecret] : [secret];
}
