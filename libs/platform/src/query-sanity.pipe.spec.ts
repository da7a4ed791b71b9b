import { UnprocessableEntityException } from '@nestjs/common';
import { MAX_QUERY_VALUE_LENGTH, QuerySanityPipe } from './query-sanity.pipe';

const pipe = new QuerySanityPipe();
const query = (value: unknown) => pipe.transform(value, { type: 'query' });

describe(QuerySanityPipe.name, () => {
  it('passes ordinary query objects and path params through unchanged', () => {
    const value = { q: 'héllo 😀', limit: '10', tags: ['a', 'b'] };
    expect(query(value)).toBe(value);
    expect(pipe.transform('abc', { type: 'param', data: 'id' })).toBe('abc');
  });

  it.each([
    ['a NUL in a value', { q: 'a\u0000b' }, 'q must not contain NUL characters'],
    ['a NUL in a repeated value', { q: ['ok', '\u0000'] }, 'q must not contain NUL characters'],
    ['a NUL in a nested value', { q: { a: '\u0000' } }, 'q.a must not contain NUL characters'],
    ['a lone surrogate', { type: '\ud800' }, 'type must not contain a lone UTF-16 surrogate'],
    ['an overlong value', { q: 'x'.repeat(MAX_QUERY_VALUE_LENGTH + 1) }, `q must be at most ${MAX_QUERY_VALUE_LENGTH} characters`],
  ])('refuses %s with a 422 naming it', (_, value, message) => {
    expect(() => query(value)).toThrow(UnprocessableEntityException);
    try {
      query(value);
    } catch (error) {
      expect((error as UnprocessableEntityException).getResponse()).toMatchObject({ message: [message] });
    }
  });

  it('checks a single path parameter by its name, and leaves bodies to BodySanityPipe', () => {
    expect(() => pipe.transform('a\u0000', { type: 'param', data: 'userId' })).toThrow(
      expect.objectContaining({ response: expect.objectContaining({ message: ['userId must not contain NUL characters'] }) }),
    );
    expect(pipe.transform({ q: '\u0000' }, { type: 'body' })).toEqual({ q: '\u0000' });
  });
});
