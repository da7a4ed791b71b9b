/** Tries that must wait for the subscription's rate limit, and how long before they are worth trying again. */
export interface Deferred<T> {
  tries: T[];
  delayMs: number;
}

/** A little spread so the deferred jobs of many deliverers do not all come back in the same millisecond. */
export const DEFER_JITTER_MS = 25;

/**
 * Splits due tries into those sent now (the first `granted`, in the job's order) and those deferred until the rate
 * window frees a slot. Deferred tries are neither failed nor counted as attempts: they keep their attempt number.
 */
export function splitByGrant<T>(due: T[], granted: number, retryInMs: number, jitter = Math.random()): { send: T[]; deferred?: Deferred<T> } {
  const take = Math.max(0, Math.min(granted, due.length));
  if (take === due.length) return { send: due };
  return { send: due.slice(0, take), deferred: { tries: due.slice(take), delayMs: Math.max(1, retryInMs) + Math.floor(jitter * DEFER_JITTER_MS) } };
}
