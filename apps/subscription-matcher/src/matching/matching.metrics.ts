import { Counter } from 'prom-client';

export const eventsMatched = new Counter({ name: 'notify_events_matched_total', help: 'Events the matcher processed, whatever they matched' });

export const deliveriesCreated = new Counter({
  name: 'notify_deliveries_created_total',
  help: 'Deliveries created by matching, by transport',
  labelNames: ['transport'],
});
