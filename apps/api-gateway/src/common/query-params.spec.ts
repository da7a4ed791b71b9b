import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { MAX_EPOCH_MS, MAX_PG_INT, QueryBoolean, QueryEnum, QueryEpochMs, QueryInt, QueryNumber } from './query-params';

class Sample {
  @QueryInt(0, MAX_PG_INT) offset: number = 0;
  @QueryNumber(0, 60) wait?: number;
  @QueryEpochMs() since?: number;
  @QueryEnum(['a', 'b']) kind?: string;
  @QueryBoolean() unread?: boolean;
}

function parse(query: Record<string, unknown>): { value: Sample; errors: string[] } {
  const value = plainToInstance(Sample, query);
  return { value, errors: validateSync(value).flatMap((e) => Object.values(e.constraints ?? {})) };
}

describe('query parameter decorators', () => {
  it('turns plain decimal text into numbers and keeps defaults for absent fields', () => {
    expect(parse({ offset: '20', wait: '1.5', since: '1700000000000', kind: 'a', unread: 'false' })).toEqual({
      value: Object.assign(new Sample(), { offset: 20, wait: 1.5, since: 1700000000000, kind: 'a', unread: false }),
      errors: [],
    });
    expect(parse({}).value.offset).toBe(0);
  });

  it.each(['1e21', '99999999999999999999', String(MAX_PG_INT + 1), '-1', '1.5', '0x10', '+1', ' 1', '', 'NaN', 'Infinity'])('refuses offset=%j', (offset) => {
    expect(parse({ offset }).errors.length).toBeGreaterThan(0);
  });

  it('refuses repeated and nested values, unknown enum values, since past the largest Date and non-boolean text', () => {
    expect(parse({ offset: ['1', '2'] }).errors).not.toEqual([]);
    expect(parse({ offset: { a: '1' } }).errors).not.toEqual([]);
    expect(parse({ kind: 'c' }).errors).toEqual(['kind must be one of a, b']);
    expect(parse({ since: String(MAX_EPOCH_MS + 1) }).errors).toEqual([`since must not be greater than ${MAX_EPOCH_MS}`]);
    expect(parse({ unread: 'yes' }).errors).toEqual(['unread must be true or false']);
  });
});
