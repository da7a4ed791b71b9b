/**
 * Pacing for `rateLimitPerSecond`: a GCRA (a token bucket kept as one "theoretical arrival time"). Tries are spread
 * `intervalMs` apart with at most `burst` at once, chosen so that any window of PACED_WINDOW_MS (1.2 s) holds at most
 * `perSecond` grants: floor(W / interval) + burst <= perSecond for every W < 1200 ms. The 200 ms over a second are
 * for the way from grant to receiver: a try that leaves late (a busy deliverer, a slow connect) lands next to the
 * tries granted after it, and on a loaded CI box pacing to the exact second let 13 tries into one receiver-side
 * second at a limit of 10. Small bursts matter for the same reason: tries sent together reach the receiver spread
 * out by the network, so a whole second's budget sent at once could land in the same receiver-side second as the
 * next one. The price: a limit is used to about five sixths.
 */
export interface Pace {
  intervalMs: number;
  burst: number;
}

export const PACED_WINDOW_MS = 1200;

export function paceOf(perSecond: number): Pace {
  const burst = Math.max(1, Math.floor(perSecond / 20));
  return { intervalMs: PACED_WINDOW_MS / (perSecond - burst + 1), burst };
}

export interface Take {
  granted: number;
  /** The bucket's new theoretical arrival time (ms). */
  tat: number;
  /** When not all were granted: ms until the next try would be. */
  retryInMs: number;
}

/** The GCRA step the Redis script runs (kept here, in TypeScript, to be read and tested). */
export function takeFrom(storedTat: number | null, now: number, pace: Pace, wanted: number): Take {
  const tolerance = (pace.burst - 1) * pace.intervalMs;
  const tat = Math.max(storedTat ?? now, now);
  const conforming = tat - now <= tolerance ? Math.floor((now + tolerance - tat) / pace.intervalMs + 1e-9) + 1 : 0;
  const granted = Math.min(wanted, Math.max(0, conforming));
  const next = tat + granted * pace.intervalMs;
  return { granted, tat: next, retryInMs: granted === wanted ? 0 : Math.max(1, Math.ceil(next - tolerance - now)) };
}
