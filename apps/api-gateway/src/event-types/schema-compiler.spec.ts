import { compileSchema, describeSchemaError, InvalidSchemaError } from './schema-compiler';

describe(compileSchema.name, () => {
  const schema = {
    type: 'object',
    required: ['amount'],
    properties: { amount: { type: 'number' }, items: { type: 'array', prefixItems: [{ type: 'string' }] }, email: { type: 'string', format: 'email' } },
  };

  it('compiles a draft 2020-12 schema whose validator accepts a matching payload', () => {
    const sut = compileSchema(schema);
    expect(sut({ amount: 3, items: ['a'], email: 'a@example.com' })).toBe(true);
  });

  it('names the failing path of a payload that does not match', () => {
    const sut = compileSchema(schema);
    expect(sut({ amount: 'three' })).toBe(false);
    expect(describeSchemaError('payload', sut.errors)).toBe('payload/amount must be number');
    expect(sut({ amount: 1, items: [7] })).toBe(false);
    expect(describeSchemaError('events[2].payload', sut.errors)).toBe('events[2].payload/items/0 must be string');
  });

  it('names a missing required property by its path', () => {
    const sut = compileSchema(schema);
    expect(sut({})).toBe(false);
    expect(describeSchemaError('payload', sut.errors)).toBe('payload/amount is required');
  });

  it('checks formats', () => {
    const sut = compileSchema(schema);
    expect(sut({ amount: 1, email: 'not an address' })).toBe(false);
  });

  it('refuses a schema that is not valid JSON Schema', () => {
    expect(() => compileSchema({ type: 'strnig' })).toThrow(InvalidSchemaError);
    expect(() => compileSchema({ type: 'object', properties: { a: { minimum: 'one' } } })).toThrow(InvalidSchemaError);
  });

  it('refuses a pattern that can backtrack exponentially, and keeps ordinary ones', () => {
    expect(() => compileSchema({ type: 'string', pattern: '^(a+)+$' })).toThrow(/backtrack/);
    expect(() => compileSchema({ type: 'object', patternProperties: { '^(x|xx)*$': {} } })).toThrow(/backtrack/);
    expect(compileSchema({ type: 'string', pattern: '^[a-z]+-\\d{2}$' })('abc-12')).toBe(true);
  });

  it('refuses a reference it cannot resolve rather than fetching it', () => {
    expect(() => compileSchema({ $ref: 'https://example.com/schema.json' })).toThrow(InvalidSchemaError);
  });
});
