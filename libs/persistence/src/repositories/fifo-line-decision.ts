/** What Postgres says about one FIFO subscription's line. */
export interface LineState {
  subscriptionId: string;
  /** The delivery that last took the line, and whether it is still pending (not yet succeeded, failed or cancelled). */
  holderId: string | null;
  holderPending: boolean;
  leaseUntil: Date | null;
  /** The oldest pending delivery in publish order (event created_at, then event id). */
  headId: string | null;
  /** An older event of the tenant is not matched yet: it may still join the line ahead of the head. */
  olderUnmatched: boolean;
}

export type LineDecision =
  | { kind: 'busy' }
  | { kind: 'empty' }
  | { kind: 'wait-for-matching' }
  | { kind: 'send'; deliveryId: string };

/**
 * A line sends its head only while nothing of it is in flight: a pending holder under a live lease keeps it busy
 * (also while it waits out a retry's backoff). A holder that ended, or whose lease ran out (a deliverer died),
 * frees it. The head is re-chosen every time, so a recovered older delivery goes before newer ones.
 */
export function decideLine(state: LineState, now: Date): LineDecision {
  if (state.holderId && state.holderPending && state.leaseUntil && state.leaseUntil > now) return { kind: 'busy' };
  if (!state.headId) return { kind: 'empty' };
  if (state.olderUnmatched) return { kind: 'wait-for-matching' };
  return { kind: 'send', deliveryId: state.headId };
}
