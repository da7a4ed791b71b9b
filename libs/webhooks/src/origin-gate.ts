interface OriginState {
  active: number;
  waiting: (() => void)[];
}

/**
 * At most `perOrigin` requests in flight per origin (the connection pool's size) and `total` over all origins
 * (so tenants with many distinct receivers cannot exhaust file descriptors), the rest waiting their turn here.
 * A try's deadline starts once it passes the gate, so tries queued behind a busy origin are not timed out without
 * ever being sent; the wait itself is bounded, so a job never outlives its queue lock.
 */
export class OriginGate {
  private readonly origins = new Map<string, OriginState>();
  private active = 0;

  constructor(
    private readonly perOrigin: number,
    private readonly total = Infinity,
  ) {}

  /** A release function, or undefined when no slot freed up within `maxWaitMs`. */
  async enter(origin: string, maxWaitMs: number): Promise<(() => void) | undefined> {
    const state = this.stateOf(origin);
    if (this.hasRoom(state)) return this.admit(origin, state);
    return new Promise((resolve) => {
      const admit = () => {
        clearTimeout(timer);
        resolve(this.admit(origin, state));
      };
      const timer = setTimeout(() => {
        state.waiting.splice(state.waiting.indexOf(admit), 1);
        this.forgetIfIdle(origin, state);
        resolve(undefined);
      }, maxWaitMs);
      state.waiting.push(admit);
    });
  }

  inFlight(origin?: string): number {
    return origin === undefined ? this.active : (this.origins.get(origin)?.active ?? 0);
  }

  private hasRoom(state: OriginState): boolean {
    return state.active < this.perOrigin && this.active < this.total;
  }

  private admit(origin: string, state: OriginState): () => void {
    state.active++;
    this.active++;
    return () => this.leave(origin, state);
  }

  private stateOf(origin: string): OriginState {
    let state = this.origins.get(origin);
    if (!state) this.origins.set(origin, (state = { active: 0, waiting: [] }));
    return state;
  }

  /** The freed slot goes to this origin's next waiter, or (when the total was the limit) to any origin's. */
  private leave(origin: string, state: OriginState): void {
    state.active--;
    this.active--;
    const next = state.waiting.shift() ?? this.nextElsewhere();
    if (next) next();
    this.forgetIfIdle(origin, state);
  }

  private nextElsewhere(): (() => void) | undefined {
    for (const state of this.origins.values()) if (state.waiting.length > 0 && this.hasRoom(state)) return state.waiting.shift();
    return undefined;
  }

  private forgetIfIdle(origin: string, state: OriginState): void {
    if (state.active === 0 && state.waiting.length === 0) this.origins.delete(origin);
  }
}
