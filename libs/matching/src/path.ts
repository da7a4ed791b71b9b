import type { StepBudget } from './budget';

// Bound once: a global lookup per visited value is slow in a vm context (jest).
const { isArray } = Array;
const { hasOwn } = Object;

export type ValueTest = (value: unknown, budget: StepBudget) => boolean;
export type PayloadPredicate = (payload: unknown, budget: StepBudget) => boolean;

interface Step {
  readonly key: string;
  /** -1 when the key is not an array index. */
  readonly index: number;
}

/**
 * Compiles a dotted path into a predicate that holds when `test` holds for some value
 * reachable at that path. Like MongoDB, arrays on the way are walked element by element,
 * and a numeric segment also addresses an array position ("items.0.sku"). Every value
 * visited spends a step of the budget, so long or nested payload arrays cannot run away.
 */
export function somewhereAt(path: string, test: ValueTest): PayloadPredicate {
  const steps = path.split('.').map(toStep);
  return (payload, budget) => walk(payload, steps, 0, test, budget);
}

function toStep(key: string): Step {
  return { key, index: /^\d+$/.test(key) ? Number(key) : -1 };
}

function walk(node: unknown, steps: readonly Step[], i: number, test: ValueTest, budget: StepBudget): boolean {
  budget.spend();
  // undefined never comes out of JSON; treating it as missing keeps $exists honest.
  if (node === undefined) return false;
  if (i === steps.length) return test(node, budget);
  if (isArray(node)) return walkArray(node, steps, i, test, budget);
  if (typeof node !== 'object' || node === null) return false;
  // Own properties only, so "constructor" or "__proto__" never reach the prototype.
  const { key } = steps[i];
  return hasOwn(node, key) && walk((node as Record<string, unknown>)[key], steps, i + 1, test, budget);
}

function walkArray(array: unknown[], steps: readonly Step[], i: number, test: ValueTest, budget: StepBudget): boolean {
  const { index } = steps[i];
  if (index >= 0 && index < array.length && walk(array[index], steps, i + 1, test, budget)) return true;
  for (const item of array) {
    budget.spend();
    if (isDocument(item) && walk(item, steps, i, test, budget)) return true;
  }
  return false;
}

function isDocument(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !isArray(value);
}
