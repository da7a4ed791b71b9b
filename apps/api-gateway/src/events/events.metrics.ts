import { Counter } from 'prom-client';

/** Events stored and queued for matching; an Idempotency-Key repeat publishes nothing and is not counted. */
export const eventsPublished = new Counter({ name: 'notify_events_published_total', help: 'Events accepted and published for matching' });
