export { FILTER_STEP_BUDGET, StepBudget, StepBudgetExceeded } from './budget';
export type { CompiledFilter, Filter } from './filter';
export { DEFAULT_MAX_FILTER_NODES, InvalidFilterError, MAX_FILTER_DEPTH, compileFilter, validateFilter } from './filter';
export type { MatchableEvent, MatchableSubscription, MatchResult } from './subscription-index';
export { MATCH_SLICE_MS, SubscriptionIndex } from './subscription-index';
