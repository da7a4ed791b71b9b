interface OriginState {
  active: number;
  waiting: (() => void)[];
}

/**
 * At most `limit` requests in flight per origin (the connection pool's size), the rest waiting their turn here.
 * A try's deadline starts once it passes the gate, so tries queued behind a busy origin are not timed out without
 * ever being sent; the wait itself is bounded, so a job never outlives its queue lock.
 */
export class OriginGate {
  private readonly origins = new Map<string, OriginState>();

  constructor(private readonly limit: number) {}

  /** A release function, or undefined when no slot freed up within `maxWaitMs`. */
  async enter(origin: string, maxWaitMs: number): Promise<(() => void) | undefined> {
    const state = this.stateOf(origin);
    if (state.active < this.limit) {
      state.active++;
      return () => this.leave(origin, state);
    }
    return new Promise((resolve) => {
      const admit = () => {
        clearTimeout(timer);
        state.active++;
        resolve(() => this.leave(origin, state));
      };
      const timer = setTimeout(() => {
        state.waiting.splice(state.waiting.indexOf(admit), 1);
        resolve(undefined);
      }, maxWaitMs);
      state.waiting.push(admit);
    });
  }

  inFlight(origin: string): number {
    return this.origins.get(origin)?.active ?? 0;
  }

  private stateOf(origin: string): OriginState {
    let state = this.origins.get(origin);
    if (!state) this.origins.set(origin, (state = { active: 0, waiting: [] }));
    return state;
  }

  private leave(origin: string, state: OriginState): void {
    state.active--;
    const next = state.waiting.shift();
    if (next) next();
    else if (state.active === 0) this.origins.delete(origin);
  }
}
