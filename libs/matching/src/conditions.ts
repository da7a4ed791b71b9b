import { StepBudget } from './budget';
import type { PayloadPredicate, ValueTest } from './path';
import { countValues, deepEqual, valueHash } from './values';

// Bound once: a global lookup per payload element is slow in a vm context (jest).
const { isArray } = Array;

const COMPARISONS = {
  $gt: (a: number | string, b: number | string) => a > b,
  $gte: (a: number | string, b: number | string) => a >= b,
  $lt: (a: number | string, b: number | string) => a < b,
  $lte: (a: number | string, b: number | string) => a <= b,
};
export type Comparison = keyof typeof COMPARISONS;

export const present: ValueTest = () => true;

/** A value held in an array matches if the whole array or any element does. */
export function anyElement(test: ValueTest): ValueTest {
  return (value, budget) => {
    if (test(value, budget)) return true;
    if (!isArray(value)) return false;
    for (const item of value) {
      budget.spend();
      if (test(item, budget)) return true;
    }
    return false;
  };
}

export function equalTo(target: unknown): ValueTest {
  if (typeof target !== 'object' || target === null) return (value) => value === target;
  // deepEqual stops at the smaller side, so the target's size bounds its cost.
  const cost = countValues(target);
  return (value, budget) => {
    if (typeof value !== 'object' || value === null) return false;
    budget.spend(cost);
    return deepEqual(value, target);
  };
}

export function memberOf(list: unknown[]): ValueTest {
  const scalars = new Set(list.filter((item) => !isComposite(item)));
  const arrays = byHash(list.filter((item) => isArray(item)));
  const objects = byHash(list.filter((item) => isComposite(item) && !isArray(item)));
  return (value, budget) => {
    if (!isComposite(value)) return scalars.has(value);
    // Hash a payload value only when some operand of its kind could equal it.
    const candidates = isArray(value) ? arrays : objects;
    if (candidates.size === 0) return false;
    for (const { operand, cost } of candidates.get(valueHash(value, budget)) ?? []) {
      budget.spend(cost);
      if (deepEqual(value, operand)) return true;
    }
    return false;
  };
}

interface Operand {
  operand: unknown;
  /** deepEqual stops at the smaller side, so the operand's size bounds a comparison. */
  cost: number;
}

function byHash(operands: unknown[]): Map<number, Operand[]> {
  // The filter's own operands are bounded by MAX_FILTER_NODES already.
  const unbounded = new StepBudget(Infinity);
  const map = new Map<number, Operand[]>();
  for (const operand of operands) {
    const hash = valueHash(operand, unbounded);
    map.set(hash, [...(map.get(hash) ?? []), { operand, cost: countValues(operand) }]);
  }
  return map;
}

function isComposite(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

export function comparedTo(op: Comparison, operand: number | string): ValueTest {
  const compare = COMPARISONS[op];
  const type = typeof operand;
  return (value) => typeof value === type && compare(value as number | string, operand);
}

export function not(predicate: PayloadPredicate): PayloadPredicate {
  return (payload, budget) => !predicate(payload, budget);
}

export function allOf(predicates: PayloadPredicate[]): PayloadPredicate {
  if (predicates.length === 1) return predicates[0];
  return (payload, budget) => predicates.every((predicate) => predicate(payload, budget));
}

export function anyOf(predicates: PayloadPredicate[]): PayloadPredicate {
  return (payload, budget) => predicates.some((predicate) => predicate(payload, budget));
}

