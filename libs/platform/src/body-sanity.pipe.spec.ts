import { findJsonProblem, MAX_JSON_DEPTH } from './body-sanity.pipe';

describe(findJsonProblem.name, () => {
  const nested = (levels: number) => Array.from({ length: levels }).reduce<unknown>((inner) => ({ d: inner }), 1);

  it('accepts ordinary JSON, including astral characters made of a surrogate pair', () => {
    expect(findJsonProblem({ a: [1, 'x', null, { b: true }], emoji: '😀' })).toBeUndefined();
    expect(findJsonProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
  });

  it('names the path of the first problem', () => {
    expect(findJsonProblem(nested(MAX_JSON_DEPTH + 1))).toMatch(/nested deeper than 32/);
    expect(findJsonProblem({ payload: { n: Infinity } })).toBe('body.payload.n must be a finite number');
    expect(findJsonProblem({ s: 'a\u0000b' })).toBe('body.s must not contain NUL characters');
    expect(findJsonProblem({ s: 'lone \ud800 high' })).toBe('body.s must not contain a lone UTF-16 surrogate');
    expect(findJsonProblem({ s: 'lone \udc00 low' })).toBe('body.s must not contain a lone UTF-16 surrogate');
    expect(findJsonProblem({ ['k\u0000']: 1 })).toMatch(/key with a NUL character/);
  });
});
