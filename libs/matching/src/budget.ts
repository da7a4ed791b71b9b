/**
 * Steps one filter evaluation may take: every payload value visited and every comparison costs one, a deep
 * comparison costs the size of what it compares. It bounds any filter (at most MAX_FILTER_NODES nodes) against
 * any payload (at most MAX_BODY_BYTES), however long its arrays, to a few milliseconds of CPU.
 */
export const FILTER_STEP_BUDGET = 200_000;

/** Thrown out of an evaluation that ran out of steps; the evaluation as a whole then counts as no match. */
export class StepBudgetExceeded extends Error {
  constructor() {
    super(`filter evaluation took more than ${FILTER_STEP_BUDGET} steps`);
    this.name = 'StepBudgetExceeded';
  }
}

export class StepBudget {
  private left: number;

  constructor(steps = FILTER_STEP_BUDGET) {
    this.left = steps;
  }

  spend(steps = 1): void {
    this.left -= steps;
    if (this.left < 0) throw new StepBudgetExceeded();
  }
}
