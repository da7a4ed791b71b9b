import type { Logger } from 'typeorm';
import { ParameterFreeQueryLogger } from './query-logger';

const SECRET = 'whsec_c2VjcmV0LXZhbHVlLW5ldmVyLWxvZ2dlZA';

function capture() {
  const lines: string[] = [];
  const sink = { error: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), log: (m: string) => lines.push(m) };
  // Typed as TypeORM calls it: with the parameters it must not print.
  const sut: Logger = new ParameterFreeQueryLogger(sink as never);
  return { lines, sut };
}

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe(ParameterFreeQueryLogger.name, () => {
  const query = 'INSERT INTO subscriptions (secret, headers) VALUES ($1, $2)';
  const parameters = [SECRET, { authorization: `Bearer ${SECRET}` }];

  it('logs a failed query with its statement and error code, never its parameters', () => {
    const { lines, sut } = capture();
    sut.logQueryError(pgError('23505', 'duplicate key value violates unique constraint "uq_x"'), query, parameters);
    sut.logQueryError('connection terminated', query, parameters);
    sut.logQuerySlow(5000, query, parameters);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('23505 duplicate key value violates unique constraint "uq_x"');
    for (const line of lines) {
      expect(line).toContain(query);
      expect(line).not.toContain(SECRET);
    }
  });

  it('drops the message of data errors, which quote the offending value', () => {
    const { lines, sut } = capture();
    sut.logQueryError(pgError('22P02', `invalid input syntax for type uuid: "${SECRET}"`), query, parameters);
    expect(lines[0]).toContain('22P02');
    expect(lines[0]).not.toContain(SECRET);
  });

  it('logs nothing for successful queries', () => {
    const { lines, sut } = capture();
    sut.logQuery(query, parameters);
    expect(lines).toEqual([]);
  });
});
