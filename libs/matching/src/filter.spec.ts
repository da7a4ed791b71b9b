import { runInNewContext } from 'node:vm';

import { StepBudget, StepBudgetExceeded } from './budget';
import { DEFAULT_MAX_FILTER_NODES, Filter, InvalidFilterError, MAX_FILTER_DEPTH, compileFilter, validateFilter } from './filter';

/** A filter whose document nests exactly `levels` objects deep: {a: {a: ... {a: 1}}}. */
function nestedFilter(levels: number): Filter {
  let value: unknown = 1;
  for (let i = 1; i < levels; i++) value = { a: value };
  return { a: value };
}

function matches(filter: Filter, payload: unknown): boolean {
  return compileFilter(filter)(payload);
}

describe(validateFilter.name, () => {
  it.each<[string, unknown]>([
    ['empty filter', {}],
    ['equality on scalars', { a: 1, b: 'x', c: true, d: null }],
    ['equality on an array', { tags: ['a', 'b'] }],
    ['equality on an object without $ keys', { person: { name: 'Ann' } }],
    ['every operator', { a: { $eq: 1, $ne: 2, $gt: 0, $gte: 0, $lt: 9, $lte: 9, $in: [1], $nin: [], $exists: true } }],
    ['string comparisons', { name: { $gte: 'a', $lt: 'n' } }],
    ['dotted paths', { 'person.address.city': 'Oslo' }],
    ['nested $and / $or', { $and: [{ a: 1 }, { $or: [{ b: 2 }, { $and: [{ c: 3 }] }] }] }],
    ['$eq holding an object with $ keys, taken literally', { a: { $eq: { $gt: 1 } } }],
    ['exactly the maximum depth', nestedFilter(MAX_FILTER_DEPTH)],
    ['exactly the maximum number of nodes', { a: { $in: [1] }, ...manyConditions(DEFAULT_MAX_FILTER_NODES - 3) }],
  ])('accepts %s', (_, filter) => {
    expect(validateFilter(filter)).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'filter must be a plain object'],
    ['an array', [{ a: 1 }], 'filter must be a plain object'],
    ['a string', 'a == 1', 'filter must be a plain object'],
    ['a class instance', new Date(), 'filter must be a plain object'],
    ['an unknown operator', { name: { $regex: '^a' } }, 'filter: unknown operator $regex at filter.name'],
    ['an unknown top-level operator', { $where: 'true' }, 'filter: unknown operator $where at filter'],
    ['$not (not supported)', { a: { $not: { $eq: 1 } } }, 'filter: unknown operator $not at filter.a'],
    ['$and inside a field', { a: { $and: [{ b: 1 }] } }, 'filter: unknown operator $and at filter.a'],
    ['$in with a non-array', { a: { $in: 1 } }, 'filter.a.$in must be an array'],
    ['$nin with a non-array', { a: { $nin: 'x' } }, 'filter.a.$nin must be an array'],
    ['$exists with a non-boolean', { a: { $exists: 1 } }, 'filter.a.$exists must be a boolean'],
    ['$gt with a boolean', { age: { $gt: true } }, 'filter.age.$gt must be a number or string'],
    ['$lte with null', { age: { $lte: null } }, 'filter.age.$lte must be a number or string'],
    ['$lt with an array', { age: { $lt: [1] } }, 'filter.age.$lt must be a number or string'],
    ['mixed operator and plain keys', { a: { $gt: 1, b: 2 } }, 'filter.a must not mix operators and plain keys'],
    ['$and that is not an array', { $and: { a: 1 } }, 'filter.$and must be a non-empty array'],
    ['an empty $and', { $and: [] }, 'filter.$and must be a non-empty array'],
    ['an empty $or', { $or: [] }, 'filter.$or must be a non-empty array'],
    ['a non-object inside $or', { $or: [{ a: 1 }, 2] }, 'filter.$or[1] must be a plain object'],
    ['an invalid filter nested in $or', { $or: [{ $and: [{ a: { $in: 2 } }] }] }, 'filter.$or[0].$and[0].a.$in must be an array'],
    ['Infinity', { a: { $gt: Infinity } }, 'filter.a.$gt must be a finite number'],
    ['NaN as equality value', { a: NaN }, 'filter.a must be a finite number'],
    ['-Infinity inside $in', { a: { $in: [1, -Infinity] } }, 'filter.a.$in[1] must be a finite number'],
    ['an undefined value', { a: undefined }, 'filter.a must be a JSON value'],
    ['a function value', { a: { $eq: () => 1 } }, 'filter.a.$eq must be a JSON value'],
    ['an empty key', { '': 1 }, 'filter: empty key or path segment "" at filter'],
    ['an empty path segment', { 'a..b': 1 }, 'filter: empty key or path segment "a..b" at filter'],
    ['an empty key inside a value', { a: { b: { '': 1 } } }, 'filter: empty key at filter.a.b'],
    ['one level too deep', nestedFilter(MAX_FILTER_DEPTH + 1), 'filter: nesting deeper than 32 levels'],
    ['too many conditions', manyConditions(DEFAULT_MAX_FILTER_NODES + 1), 'filter: more than 1000 nodes (MAX_FILTER_NODES; every value, operand and array element counts)'],
    ['too many $or branches', { $or: Array.from({ length: 1000 }, () => ({})) }, 'filter: more than 1000 nodes (MAX_FILTER_NODES; every value, operand and array element counts)'],
    ['too many $in operands', { a: { $in: Array.from({ length: 999 }, (_, i) => i) } }, 'filter: more than 1000 nodes (MAX_FILTER_NODES; every value, operand and array element counts)'],
    ['40,000 small objects in $in', { items: { $in: Array.from({ length: 40_000 }, (_, i) => ({ id: i })) } }, 'filter: more than 1000 nodes (MAX_FILTER_NODES; every value, operand and array element counts)'],
    ['a large literal object', { a: { $eq: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i])) } }, 'filter: more than 1000 nodes (MAX_FILTER_NODES; every value, operand and array element counts)'],
  ])('rejects %s', (_, filter, problem) => {
    expect(validateFilter(filter)).toContain(problem);
  });

  it.each<[string, Filter, number]>([
    ['one field', { a: 1 }, 1],
    ['an operator object and its operand', { a: { $gt: 1 } }, 2],
    ['$in: the object, the array and each element', { a: { $in: [1, 2, 3] } }, 5],
    ['$or: the array, each branch and its contents', { $or: [{ a: 1 }, { b: { c: 2 } }] }, 6],
  ])('counts every node of %s against the limit', (_, filter, nodes) => {
    expect(validateFilter(filter, nodes)).toEqual([]);
    expect(validateFilter(filter, nodes - 1)).toHaveLength(1);
  });

  it('names MAX_FILTER_NODES and the configured limit', () => {
    expect(validateFilter({ a: [1, 2, 3] }, 3)).toEqual([
      'filter: more than 3 nodes (MAX_FILTER_NODES; every value, operand and array element counts)',
    ]);
  });

  it('counts a cyclic filter as too large without looping', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;

    expect(validateFilter({ a: cyclic }, 10)).toHaveLength(1);
  });

  it('rejects deeply nested $and chains without exhausting the stack', () => {
    let filter: Filter = { a: 1 };
    for (let i = 0; i < 100_000; i++) filter = { $and: [filter] };

    expect(validateFilter(filter, Infinity)).toEqual(['filter: nesting deeper than 32 levels']);
  });

  it('rejects cyclic values as too deep', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;

    expect(validateFilter({ a: cyclic }, Infinity)).toEqual(['filter: nesting deeper than 32 levels']);
  });

  it('reports every problem, each naming its path', () => {
    const problems = validateFilter({ a: { $in: 1 }, b: { $exists: 'yes' }, $nor: [] });

    expect(problems).toEqual([
      'filter.a.$in must be an array',
      'filter.b.$exists must be a boolean',
      'filter: unknown operator $nor at filter',
    ]);
  });
});

describe(compileFilter.name, () => {
  it('matches everything with an empty filter', () => {
    const predicate = compileFilter({});

    expect([{}, { a: 1 }, null, 'text', 42, [1]].every((payload) => predicate(payload))).toBe(true);
  });

  it('throws InvalidFilterError listing the problems for an invalid filter', () => {
    const compile = () => compileFilter({ name: { $regex: '.*' } });

    expect(compile).toThrow(InvalidFilterError);
    expect(compile).toThrow('filter: unknown operator $regex at filter.name');
  });

  it('accepts filters and payloads built in another realm', () => {
    const filter = runInNewContext('({ n: { $gt: 1 }, $or: [{ tags: { $in: ["a"] } }] })') as Filter;
    const payload: unknown = runInNewContext('({ n: 2, tags: ["b", "a"] })');

    expect(compileFilter(filter)(payload)).toBe(true);
  });

  it('is not affected by later changes to the filter object', () => {
    const filter: Filter = { tier: { $in: ['gold'] } };
    const predicate = compileFilter(filter);
    (filter.tier as { $in: string[] }).$in.push('silver');

    expect(predicate({ tier: 'silver' })).toBe(false);
  });

  describe('equality', () => {
    it.each<[string, Filter, unknown, boolean]>([
      ['equal number', { a: 1 }, { a: 1 }, true],
      ['different number', { a: 1 }, { a: 2 }, false],
      ['no type coercion', { a: 1 }, { a: '1' }, false],
      ['equal string', { a: 'x' }, { a: 'x' }, true],
      ['equal boolean', { a: false }, { a: false }, true],
      ['null against null', { a: null }, { a: null }, true],
      ['null against a missing field', { a: null }, {}, false],
      ['deep-equal object', { p: { name: 'Ann', tags: ['x'] } }, { p: { tags: ['x'], name: 'Ann' } }, true],
      ['object with an extra key', { p: { name: 'Ann' } }, { p: { name: 'Ann', age: 3 } }, false],
      ['object against a scalar', { p: { name: 'Ann' } }, { p: 'Ann' }, false],
      ['deep-equal array', { tags: ['a', 'b'] }, { tags: ['a', 'b'] }, true],
      ['array in another order', { tags: ['a', 'b'] }, { tags: ['b', 'a'] }, false],
      ['array against an element of an array of arrays', { tags: ['a'] }, { tags: [['a'], 'b'] }, true],
      ['several fields, all hold', { a: 1, b: 2 }, { a: 1, b: 2, c: 3 }, true],
      ['several fields, one fails', { a: 1, b: 2 }, { a: 1, b: 3 }, false],
      ['explicit $eq', { a: { $eq: 'x' } }, { a: 'x' }, true],
      ['explicit $eq on an object', { a: { $eq: { b: 1 } } }, { a: { b: 1 } }, true],
      ['$eq with $ keys is literal', { a: { $eq: { $gt: 1 } } }, { a: 5 }, false],
    ])('%s', (_, filter, payload, expected) => {
      expect(matches(filter, payload)).toBe(expected);
    });
  });

  describe('comparison operators', () => {
    it.each<[Filter, unknown, boolean]>([
      [{ n: { $gt: 5 } }, { n: 6 }, true],
      [{ n: { $gt: 5 } }, { n: 5 }, false],
      [{ n: { $gte: 5 } }, { n: 5 }, true],
      [{ n: { $gte: 5 } }, { n: 4.9 }, false],
      [{ n: { $lt: 5 } }, { n: -1 }, true],
      [{ n: { $lt: 5 } }, { n: 5 }, false],
      [{ n: { $lte: 5 } }, { n: 5 }, true],
      [{ n: { $lte: 5 } }, { n: 6 }, false],
      [{ n: { $gt: 1, $lt: 3 } }, { n: 2 }, true],
      [{ n: { $gt: 1, $lt: 3 } }, { n: 3 }, false],
      [{ s: { $gt: 'b' } }, { s: 'c' }, true],
      [{ s: { $gt: 'b' } }, { s: 'a' }, false],
      [{ s: { $lte: '2024-01-31' } }, { s: '2024-01-15' }, true],
    ])('%j on %j is %s', (filter, payload, expected) => {
      expect(matches(filter, payload)).toBe(expected);
    });

    it.each<[Filter, unknown]>([
      [{ n: { $gt: 5 } }, { n: '10' }],
      [{ n: { $lt: '5' } }, { n: 1 }],
      [{ n: { $gte: 0 } }, { n: null }],
      [{ n: { $gte: 0 } }, { n: true }],
      [{ n: { $lte: 0 } }, { n: {} }],
      [{ n: { $gt: 0 } }, {}],
    ])('does not match mismatched types or missing fields: %j on %j', (filter, payload) => {
      expect(matches(filter, payload)).toBe(false);
    });
  });

  describe('$ne', () => {
    it.each<[Filter, unknown, boolean]>([
      [{ a: { $ne: 1 } }, { a: 2 }, true],
      [{ a: { $ne: 1 } }, { a: 1 }, false],
      [{ a: { $ne: 1 } }, {}, true],
      [{ a: { $ne: { b: 1 } } }, { a: { b: 1 } }, false],
      [{ a: { $ne: { b: 1 } } }, { a: { b: 2 } }, true],
    ])('%j on %j is %s', (filter, payload, expected) => {
      expect(matches(filter, payload)).toBe(expected);
    });
  });

  describe('$in / $nin', () => {
    it.each<[Filter, unknown, boolean]>([
      [{ a: { $in: [1, 2] } }, { a: 2 }, true],
      [{ a: { $in: [1, 2] } }, { a: 3 }, false],
      [{ a: { $in: [] } }, { a: 3 }, false],
      [{ a: { $in: [1, 2] } }, {}, false],
      [{ a: { $in: [null] } }, { a: null }, true],
      [{ a: { $in: [{ x: 1 }, 'y'] } }, { a: { x: 1 } }, true],
      [{ a: { $in: [{ x: 1 }, 'y'] } }, { a: { x: 2 } }, false],
      [{ a: { $in: ['1'] } }, { a: 1 }, false],
      [{ a: { $nin: [1, 2] } }, { a: 3 }, true],
      [{ a: { $nin: [1, 2] } }, { a: 1 }, false],
      [{ a: { $nin: [1, 2] } }, {}, true],
      [{ a: { $nin: [] } }, { a: 1 }, true],
    ])('%j on %j is %s', (filter, payload, expected) => {
      expect(matches(filter, payload)).toBe(expected);
    });
  });

  describe('$exists', () => {
    it.each<[Filter, unknown, boolean]>([
      [{ a: { $exists: true } }, { a: 0 }, true],
      [{ a: { $exists: true } }, { a: null }, true],
      [{ a: { $exists: true } }, {}, false],
      [{ a: { $exists: true } }, { a: undefined }, false],
      [{ a: { $exists: false } }, {}, true],
      [{ a: { $exists: false } }, { a: false }, false],
      [{ 'a.b': { $exists: false } }, { a: 'scalar' }, true],
      [{ 'a.b': { $exists: true } }, { a: [{}, { b: 1 }] }, true],
      [{ 'a.b': { $exists: false } }, { a: [{}, { b: 1 }] }, false],
    ])('%j on %j is %s', (filter, payload, expected) => {
      expect(matches(filter, payload)).toBe(expected);
    });
  });

  describe('arrays in the payload', () => {
    it.each<[string, Filter, unknown, boolean]>([
      ['equality with any element', { sources: 2 }, { sources: [1, 2, 3] }, true],
      ['equality with no element', { sources: 4 }, { sources: [1, 2, 3] }, false],
      ['equality with the whole array', { sources: [1, 2, 3] }, { sources: [1, 2, 3] }, true],
      ['equality with an object element', { items: { id: 1 } }, { items: [{ id: 2 }, { id: 1 }] }, true],
      ['comparison with any element', { sources: { $gt: 2 } }, { sources: [1, 3] }, true],
      ['comparison with no element', { sources: { $gt: 3 } }, { sources: [1, 3] }, false],
      ['range satisfied by different elements', { n: { $gt: 5, $lt: 2 } }, { n: [1, 9] }, true],
      ['$in with any element', { tags: { $in: ['x', 'b'] } }, { tags: ['a', 'b'] }, true],
      ['$in with no element', { tags: { $in: ['x', 'y'] } }, { tags: ['a', 'b'] }, false],
      ['$in with the whole array', { tags: { $in: [['a', 'b']] } }, { tags: ['a', 'b'] }, true],
      ['$ne when an element is equal', { sources: { $ne: 2 } }, { sources: [1, 2, 3] }, false],
      ['$ne when no element is equal', { sources: { $ne: 4 } }, { sources: [1, 2, 3] }, true],
      ['$nin when an element is listed', { tags: { $nin: ['b'] } }, { tags: ['a', 'b'] }, false],
      ['$nin when no element is listed', { tags: { $nin: ['c'] } }, { tags: ['a', 'b'] }, true],
      ['empty array against a scalar', { tags: 'a' }, { tags: [] }, false],
      ['empty array against an empty array', { tags: [] }, { tags: [] }, true],
    ])('%s', (_, filter, payload, expected) => {
      expect(matches(filter, payload)).toBe(expected);
    });
  });

  describe('dotted paths', () => {
    it.each<[string, Filter, unknown, boolean]>([
      ['nested field', { 'person.sex': 'f' }, { person: { sex: 'f' } }, true],
      ['nested field, different value', { 'person.sex': 'f' }, { person: { sex: 'm' } }, false],
      ['three levels', { 'a.b.c': { $gte: 1 } }, { a: { b: { c: 1 } } }, true],
      ['missing intermediate', { 'a.b.c': 1 }, { a: {} }, false],
      ['scalar intermediate', { 'a.b': 1 }, { a: 5 }, false],
      ['null intermediate', { 'a.b': 1 }, { a: null }, false],
      ['through an array of objects', { 'people.age': { $gt: 30 } }, { people: [{ age: 20 }, { age: 40 }] }, true],
      ['through an array of objects, none match', { 'people.age': { $gt: 50 } }, { people: [{ age: 20 }, { age: 40 }] }, false],
      ['through two arrays of objects', { 'a.b.c': 3 }, { a: [{ b: [{ c: 1 }] }, { b: [{ c: 3 }] }] }, true],
      ['into an array at the end of the path', { 'person.tags': 'vip' }, { person: { tags: ['new', 'vip'] } }, true],
      ['$ne through an array of objects', { 'people.age': { $ne: 20 } }, { people: [{ age: 20 }, { age: 40 }] }, false],
      ['numeric segment as array position', { 'items.0.sku': 'A' }, { items: [{ sku: 'A' }, { sku: 'B' }] }, true],
      ['numeric segment at another position', { 'items.1.sku': 'A' }, { items: [{ sku: 'A' }, { sku: 'B' }] }, false],
      ['numeric segment as an object key', { 'codes.404': 'x' }, { codes: { '404': 'x' } }, true],
      ['a dotted key never matches a payload key containing a dot', { 'a.b': 1 }, { 'a.b': 1 }, false],
      ['inherited properties are not fields', { 'a.constructor': { $exists: true } }, { a: {} }, false],
      ['__proto__ is not walked', { '__proto__.polluted': { $exists: true } }, {}, false],
    ])('%s', (_, filter, payload, expected) => {
      expect(matches(filter, payload)).toBe(expected);
    });

    it('does not match a path when the payload is not an object', () => {
      const predicate = compileFilter({ a: 1 });

      expect([null, undefined, 1, 'a', true].some((payload) => predicate(payload))).toBe(false);
    });
  });

  describe('$and / $or', () => {
    const filter: Filter = {
      kind: 'order',
      $or: [{ total: { $gte: 100 } }, { $and: [{ vip: true }, { country: { $in: ['NO', 'SE'] } }] }],
    };

    it.each<[unknown, boolean]>([
      [{ kind: 'order', total: 150 }, true],
      [{ kind: 'order', total: 50, vip: true, country: 'SE' }, true],
      [{ kind: 'order', total: 50, vip: true, country: 'DK' }, false],
      [{ kind: 'order', total: 50, vip: false, country: 'NO' }, false],
      [{ kind: 'refund', total: 150 }, false],
    ])('nested filter on %j is %s', (payload, expected) => {
      expect(matches(filter, payload)).toBe(expected);
    });

    it.each<[Filter, unknown, boolean]>([
      [{ $and: [{ a: 1 }, { b: 2 }] }, { a: 1, b: 2 }, true],
      [{ $and: [{ a: 1 }, { b: 2 }] }, { a: 1, b: 3 }, false],
      [{ $or: [{ a: 1 }, { b: 2 }] }, { a: 0, b: 2 }, true],
      [{ $or: [{ a: 1 }, { b: 2 }] }, { a: 0, b: 0 }, false],
      [{ $or: [{}] }, { anything: true }, true],
      [{ $and: [{ a: 1 }], $or: [{ b: 1 }, { c: 1 }] }, { a: 1, c: 1 }, true],
      [{ $and: [{ a: 1 }], $or: [{ b: 1 }, { c: 1 }] }, { a: 2, c: 1 }, false],
    ])('%j on %j is %s', (f, payload, expected) => {
      expect(matches(f, payload)).toBe(expected);
    });
  });
});

function manyConditions(count: number): Filter {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}`, i]));
}
