/** How a try ended, as the contract's `notify_delivery_attempts_total{outcome}` names it. */
export type AttemptOutcomeLabel = 'success' | 'http_error' | 'timeout' | 'network_error' | 'refused';
