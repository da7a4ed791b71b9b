import { Stack } from './stack';
import { waitFor } from './wait-for';

/** Creates a webhook subscription and returns its body (with `secret`). */
export async function createWebhook(stack: Stack, key: string, fields: Record<string, unknown>): Promise<any> {
  const response = await stack.api('POST', '/v1/subscriptions', { key, body: fields });
  if (response.status !== 201) throw new Error(`create subscription: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function publish(stack: Stack, key: string, event: Record<string, unknown>, headers?: Record<string, string>): Promise<string> {
  const response = await stack.api('POST', '/v1/events', { key, body: event, headers });
  if (response.status !== 202) throw new Error(`publish: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

/** Waits until the event is matched and none of its deliveries is pending; returns its status body. */
export async function settled(stack: Stack, key: string, eventId: string, timeoutMs = 20_000): Promise<any> {
  return waitFor(async () => {
    const { body } = await stack.api('GET', `/v1/events/${eventId}`, { key });
    return body.status === 'matched' && body.deliveries.pending === 0 ? body : undefined;
  }, `event ${eventId} to settle`, timeoutMs);
}
