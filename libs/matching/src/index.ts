export type { Filter } from './filter';
export { InvalidFilterError, MAX_FILTER_CONDITIONS, MAX_FILTER_DEPTH, compileFilter, validateFilter } from './filter';
export type { MatchableEvent, MatchableSubscription } from './subscription-index';
export { SubscriptionIndex } from './subscription-index';
