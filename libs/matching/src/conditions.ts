import type { PayloadPredicate, ValueTest } from './path';
import { deepEqual } from './values';

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
  return (value) => test(value) || (Array.isArray(value) && value.some((item) => test(item)));
}

export function equalTo(target: unknown): ValueTest {
  if (typeof target !== 'object' || target === null) return (value) => value === target;
  return (value) => deepEqual(value, target);
}

export function memberOf(list: unknown[]): ValueTest {
  const scalars = new Set(list.filter((item) => typeof item !== 'object' || item === null));
  const composites = list.filter((item) => typeof item === 'object' && item !== null);
  return (value) =>
    typeof value !== 'object' || value === null
      ? scalars.has(value)
      : composites.some((item) => deepEqual(value, item));
}

export function comparedTo(op: Comparison, operand: number | string): ValueTest {
  const compare = COMPARISONS[op];
  const type = typeof operand;
  return (value) => typeof value === type && compare(value as number | string, operand);
}

export function not(predicate: PayloadPredicate): PayloadPredicate {
  return (payload) => !predicate(payload);
}

export function allOf(predicates: PayloadPredicate[]): PayloadPredicate {
  if (predicates.length === 1) return predicates[0];
  return (payload) => predicates.every((predicate) => predicate(payload));
}

export function anyOf(predicates: PayloadPredicate[]): PayloadPredicate {
  return (payload) => predicates.some((predicate) => predicate(payload));
}
