/** BullMQ queue names. Never rename one once shipped: jobs in flight live under these names. */
export enum QueueName {
  PublishedEvents = 'published-events',
  WebhookDeliveries = 'webhook-deliveries',
}

export enum JobName {
  MatchEvents = 'match-events',
  DeliverWebhooks = 'deliver-webhooks',
}

/** An accepted event, carried whole so neither matching nor delivery reads it back from Postgres. */
export interface PublishedEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  channels: string[];
  createdAt: string;
  /** Where the event came from, for logs and traces; absent on events queued again from Postgres and on old jobs. */
  origin?: EventOrigin;
}

/** The publish request's id and W3C `traceparent` (of the span that handled it), carried through the queues. */
export interface EventOrigin {
  reqId?: string;
  traceparent?: string;
}

/** Events of one tenant to match. A batch publish travels as a few jobs, not one job per event. */
export interface MatchEventsJob {
  tenantId: string;
  events: PublishedEvent[];
}

/** One HTTP try of one delivery; `attempt` is the 1-based number this try will record. */
export interface WebhookTry {
  deliveryId: string;
  attempt: number;
  /** Set once the delivery has been tried; the retry age limit counts from it. */
  firstAttemptAt?: string;
  event: PublishedEvent;
}

/** Tries for one subscription, sent together: a slow endpoint holds back only its own jobs. */
export interface DeliverWebhooksJob {
  tenantId: string;
  subscriptionId: string;
  tries: WebhookTry[];
}

/**
 * Job ids make enqueueing idempotent: adding a job whose id exists is a no-op. A single item has an id
 * derived from it alone, so the sweeper re-adding it cannot duplicate it. BullMQ forbids ':' in ids.
 */
export const jobIds = {
  matchEvents: (events: PublishedEvent[]) => (events.length === 1 ? `evt-${events[0].id}` : `evts-${events[0].id}-${events.length}`),
  deliverWebhooks: (tries: WebhookTry[], suffix = '') => {
    const [first] = tries;
    const base = tries.length === 1 ? `dlv-${first.deliveryId}-${first.attempt}` : `dlvs-${first.deliveryId}-${first.attempt}-${tries.length}`;
    return base + suffix;
  },
};
