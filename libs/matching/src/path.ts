export type ValueTest = (value: unknown) => boolean;
export type PayloadPredicate = (payload: unknown) => boolean;

interface Step {
  readonly key: string;
  /** -1 when the key is not an array index. */
  readonly index: number;
}

/**
 * Compiles a dotted path into a predicate that holds when `test` holds for some value
 * reachable at that path. Like MongoDB, arrays on the way are walked element by element,
 * and a numeric segment also addresses an array position ("items.0.sku").
 */
export function somewhereAt(path: string, test: ValueTest): PayloadPredicate {
  const steps = path.split('.').map(toStep);
  return (payload) => walk(payload, steps, 0, test);
}

function toStep(key: string): Step {
  return { key, index: /^\d+$/.test(key) ? Number(key) : -1 };
}

function walk(node: unknown, steps: readonly Step[], i: number, test: ValueTest): boolean {
  // undefined never comes out of JSON; treating it as missing keeps $exists honest.
  if (node === undefined) return false;
  if (i === steps.length) return test(node);
  if (Array.isArray(node)) return walkArray(node, steps, i, test);
  if (typeof node !== 'object' || node === null) return false;
  // Own properties only, so "constructor" or "__proto__" never reach the prototype.
  const { key } = steps[i];
  return Object.hasOwn(node, key) && walk((node as Record<string, unknown>)[key], steps, i + 1, test);
}

function walkArray(array: unknown[], steps: readonly Step[], i: number, test: ValueTest): boolean {
  const { index } = steps[i];
  if (index >= 0 && index < array.length && walk(array[index], steps, i + 1, test)) return true;
  return array.some((item) => isDocument(item) && walk(item, steps, i, test));
}

function isDocument(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
