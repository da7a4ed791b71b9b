import { type Comparison, allOf, anyElement, anyOf, comparedTo, equalTo, memberOf, not, present } from './conditions';
import { StepBudget } from './budget';
import { type PayloadPredicate, somewhereAt } from './path';
import { isPlainObject } from './values';

export type Filter = Record<string, unknown>;

export const MAX_FILTER_DEPTH = 32;
/** The default of MAX_FILTER_NODES: values in a filter document, every operand and array element included. */
export const DEFAULT_MAX_FILTER_NODES = 1000;

/** Holds when the payload matches; throws StepBudgetExceeded when the budget runs out first. */
export type CompiledFilter = (payload: unknown, budget?: StepBudget) => boolean;

type OperandRule = (operand: unknown) => string | undefined;
const anyValue: OperandRule = () => undefined;
const anArray: OperandRule = (v) => (Array.isArray(v) ? undefined : 'must be an array');
const aBoolean: OperandRule = (v) => (typeof v === 'boolean' ? undefined : 'must be a boolean');
const aNumberOrString: OperandRule = (v) =>
  typeof v === 'number' || typeof v === 'string' ? undefined : 'must be a number or string';

const OPERAND_RULES = new Map<string, OperandRule>([
  ['$eq', anyValue],
  ['$ne', anyValue],
  ['$in', anArray],
  ['$nin', anArray],
  ['$exists', aBoolean],
  ['$gt', aNumberOrString],
  ['$gte', aNumberOrString],
  ['$lt', aNumberOrString],
  ['$lte', aNumberOrString],
]);

export class InvalidFilterError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid filter: ${problems.join('; ')}`);
    this.name = 'InvalidFilterError';
  }
}

interface Validation {
  problems: string[];
  tooDeep: boolean;
}

/**
 * Returns human-readable problems, each starting with "filter" and naming the path,
 * e.g. "filter.age.$gt must be a number or string". Empty array = valid. A filter over `maxNodes`
 * gets only that problem, found before anything else is looked at, so a huge filter costs little.
 */
export function validateFilter(filter: unknown, maxNodes = DEFAULT_MAX_FILTER_NODES): string[] {
  if (Number.isFinite(maxNodes) && exceedsNodes(filter, maxNodes)) {
    return [`filter: more than ${maxNodes} nodes (MAX_FILTER_NODES; every value, operand and array element counts)`];
  }
  const state: Validation = { problems: [], tooDeep: false };
  checkFilter(filter, 'filter', 1, state);
  if (state.tooDeep) state.problems.push(`filter: nesting deeper than ${MAX_FILTER_DEPTH} levels`);
  return state.problems;
}

/**
 * Counts the values under the filter object (each object, array, array element and scalar; the filter itself
 * is free) without recursion, and stops as soon as there are too many, so cycles and floods end early.
 */
function exceedsNodes(filter: unknown, maxNodes: number): boolean {
  const pending: unknown[] = [filter];
  let nodes = -1;
  while (pending.length > 0) {
    const value = pending.pop();
    if (++nodes > maxNodes) return true;
    if (typeof value === 'object' && value !== null) {
      for (const item of Array.isArray(value) ? value : Object.values(value)) pending.push(item);
    }
  }
  return false;
}

/** Depth counts every object and array of the filter document; the filter itself is level 1. */
function enter(depth: number, state: Validation): boolean {
  if (depth <= MAX_FILTER_DEPTH) return true;
  state.tooDeep = true;
  return false;
}

function checkFilter(filter: unknown, at: string, depth: number, state: Validation): void {
  if (!isPlainObject(filter)) return void state.problems.push(`${at} must be a plain object`);
  if (!enter(depth, state)) return;
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') checkLogical(value, `${at}.${key}`, depth + 1, state);
    else if (key.startsWith('$')) state.problems.push(`filter: unknown operator ${key} at ${at}`);
    else if (key.split('.').includes('')) state.problems.push(`filter: empty key or path segment "${key}" at ${at}`);
    else checkField(value, `${at}.${key}`, depth + 1, state);
  }
}

function checkLogical(value: unknown, at: string, depth: number, state: Validation): void {
  if (!Array.isArray(value) || value.length === 0) return void state.problems.push(`${at} must be a non-empty array`);
  if (!enter(depth, state)) return;
  value.forEach((item, i) => checkFilter(item, `${at}[${i}]`, depth + 1, state));
}

function checkField(value: unknown, at: string, depth: number, state: Validation): void {
  if (!isOperatorObject(value)) return checkLiteral(value, at, depth, state);
  if (!enter(depth, state)) return;
  if (Object.keys(value).some((key) => !key.startsWith('$'))) {
    return void state.problems.push(`${at} must not mix operators and plain keys`);
  }
  for (const [op, operand] of Object.entries(value)) checkOperator(op, operand, at, depth, state);
}

function checkOperator(op: string, operand: unknown, at: string, depth: number, state: Validation): void {
  const rule = OPERAND_RULES.get(op);
  if (!rule) return void state.problems.push(`filter: unknown operator ${op} at ${at}`);
  const problem = rule(operand);
  if (problem) return void state.problems.push(`${at}.${op} ${problem}`);
  checkLiteral(operand, `${at}.${op}`, depth + 1, state);
}

function checkLiteral(value: unknown, at: string, depth: number, state: Validation): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) state.problems.push(`${at} must be a finite number`);
    return;
  }
  if (!Array.isArray(value) && !isPlainObject(value)) return void state.problems.push(`${at} must be a JSON value`);
  if (!enter(depth, state)) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkLiteral(value[i], `${at}[${i}]`, depth + 1, state);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key === '') state.problems.push(`filter: empty key at ${at}`);
    else checkLiteral(item, `${at}.${key}`, depth + 1, state);
  }
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'));
}

/**
 * Compiles a valid filter into a predicate; throws InvalidFilterError otherwise, because an
 * operator silently ignored would widen who receives an event. The node limit is enforced where
 * filters are written (the API); a stored filter keeps working if MAX_FILTER_NODES is lowered later.
 */
export function compileFilter(filter: Filter, maxNodes = Infinity): CompiledFilter {
  const problems = validateFilter(filter, maxNodes);
  if (problems.length > 0) throw new InvalidFilterError(problems);
  // A private copy, so later mutation of the caller's object cannot change the predicate.
  const predicate = compileObject(structuredClone(filter));
  return (payload, budget = new StepBudget()) => predicate(payload, budget);
}

function compileObject(filter: Filter): PayloadPredicate {
  return allOf(Object.entries(filter).map(([key, value]) => compileEntry(key, value)));
}

function compileEntry(key: string, value: unknown): PayloadPredicate {
  if (key === '$and') return allOf((value as Filter[]).map(compileObject));
  if (key === '$or') return anyOf((value as Filter[]).map(compileObject));
  if (!isOperatorObject(value)) return compileOperator(key, '$eq', value);
  return allOf(Object.entries(value).map(([op, operand]) => compileOperator(key, op, operand)));
}

function compileOperator(path: string, op: string, operand: unknown): PayloadPredicate {
  switch (op) {
    case '$eq':
      return somewhereAt(path, anyElement(equalTo(operand)));
    case '$ne':
      return not(somewhereAt(path, anyElement(equalTo(operand))));
    case '$in':
      return somewhereAt(path, anyElement(memberOf(operand as unknown[])));
    case '$nin':
      return not(somewhereAt(path, anyElement(memberOf(operand as unknown[]))));
    case '$exists':
      return operand ? somewhereAt(path, present) : not(somewhereAt(path, present));
    default:
      return somewhereAt(path, anyElement(comparedTo(op as Comparison, operand as number | string)));
  }
}
