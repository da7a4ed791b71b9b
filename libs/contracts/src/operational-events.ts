/**
 * Event types the platform itself publishes into a tenant's stream. They match subscriptions like any other type;
 * a tenant may not publish a type with this prefix (422), so a subscriber can trust where they came from.
 */
export const RESERVED_EVENT_TYPE_PREFIX = 'notify.';

export const OperationalEventType = {
  subscriptionDisabled: 'notify.subscription.disabled',
  deliveryFailed: 'notify.delivery.failed',
  /** What POST /v1/subscriptions/:id/test sends when no type is given; never published into the stream. */
  test: 'notify.test',
} as const;

export interface SubscriptionDisabledPayload {
  subscriptionId: string;
  reason: string;
  /** ISO-8601. */
  disabledAt: string;
}

export interface DeliveryFailedPayload {
  deliveryId: string;
  eventId: string;
  subscriptionId: string;
  attemptCount: number;
  lastResponseStatus: number | null;
}

export function isReservedEventType(type: string): boolean {
  return type.startsWith(RESERVED_EVENT_TYPE_PREFIX);
}
