/** BullMQ queue names. Never rename one once shipped: jobs in flight live under these names. */
export enum QueueName {
  PublishedEvents = 'published-events',
  WebhookDeliveries = 'webhook-deliveries',
}

export enum JobName {
  MatchEvent = 'match-event',
  DeliverWebhook = 'deliver-webhook',
}

/** An accepted event, carried whole so matching needs no read of Postgres. */
export interface MatchEventJob {
  eventId: string;
  tenantId: string;
  type: string;
  payload: Record<string, unknown>;
  channels: string[];
  createdAt: string;
}

/** One HTTP try of one delivery; `attempt` is the 1-based number this try will record. */
export interface DeliverWebhookJob {
  deliveryId: string;
  tenantId: string;
  subscriptionId: string;
  attempt: number;
  /** Set once the delivery has been tried; the retry age limit counts from it. */
  firstAttemptAt?: string;
  event: { id: string; type: string; payload: Record<string, unknown>; channels: string[]; createdAt: string };
}

/** Job ids make enqueueing idempotent: adding a job whose id exists is a no-op. BullMQ forbids ':' in ids. */
export const jobIds = {
  matchEvent: (eventId: string) => `evt-${eventId}`,
  deliverWebhook: (deliveryId: string, attempt: number) => `dlv-${deliveryId}-${attempt}`,
  manualRetry: (deliveryId: string, attempt: number, at: number) => `dlv-${deliveryId}-${attempt}-r${at}`,
};
