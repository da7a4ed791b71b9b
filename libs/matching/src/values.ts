import type { StepBudget } from './budget';

// Bound once: these run per payload value, and a global lookup costs far more than a module one in a vm
// context (jest) or a REPL.
const { imul, trunc } = Math;
const { isArray } = Array;
const { hasOwn } = Object;

/** True for object literals and Object.create(null), from any realm (jest, vm, worker clones). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: object | null = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Deep equality of JSON values. Object key order is ignored. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && arraysEqual(a, b);
  }
  return objectsEqual(a as Record<string, unknown>, b as Record<string, unknown>);
}

function arraysEqual(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
}

function objectsEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
}

/** Values of a JSON document, the document itself included. */
export function countValues(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 1;
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.reduce((n: number, item) => n + countValues(item), 1);
}

/**
 * A number equal for deep-equal values (object keys in any order), so membership in a list of objects is a
 * map lookup plus one deepEqual per collision instead of a deepEqual per operand. Spends a step per value.
 */
export function valueHash(value: unknown, budget: StepBudget): number {
  budget.spend();
  if (typeof value === 'string') return stringHash(value);
  if (typeof value === 'number') return imul(trunc(value) ^ (value * 1e6), 2654435761) | 0;
  if (typeof value !== 'object' || value === null) return value === null ? 3 : value ? 1 : 2;
  if (isArray(value)) {
    let hash = value.length;
    for (const item of value) hash = (imul(hash, 31) + valueHash(item, budget)) | 0;
    return hash;
  }
  let hash = 7;
  // A sum, so the order of the keys does not matter.
  const record = value as Record<string, unknown>;
  // for-in allocates no key array (this runs per payload element); hasOwn skips anything inherited.
  for (const key in record) {
    if (hasOwn(record, key)) hash = (hash + (imul(stringHash(key), 17) ^ valueHash(record[key], budget))) | 0;
  }
  return hash;
}

/** Looks at a few characters only: collisions are settled by deepEqual, and long strings cost no more. */
function stringHash(text: string): number {
  const n = text.length;
  if (n === 0) return 5;
  return (imul(n, 31) + imul(text.charCodeAt(0), 7) + imul(text.charCodeAt(n >> 1), 13) + text.charCodeAt(n - 1)) | 0;
}
