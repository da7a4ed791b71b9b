import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isUnavailableError } from './unavailable-error';
import { DependencyUnavailableError } from '@app/messaging';

function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

describe(isUnavailableError.name, () => {
  it.each([
    ['a restart terminating the connection (57P01)', new QueryFailedError('SELECT 1', [], pgError('terminating connection due to administrator command', '57P01'))],
    ['a statement cancelled by statement_timeout (57014)', new QueryFailedError('INSERT', [], pgError('canceling statement due to statement timeout', '57014'))],
    ['too many connections (53300)', pgError('sorry, too many clients already', '53300')],
    ['the socket closing under a query', pgError('Connection terminated unexpectedly')],
    ['a pooled client whose connection broke', pgError('Client has encountered a connection error and is not queryable')],
    ['a reset on a checked-out client', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a refused connect wrapped by Node', new AggregateError([Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })], '')],
    ['an error carrying the cause', new Error('query failed', { cause: pgError('Connection terminated unexpectedly') })],
    ['the second query of a read whose connection broke after the first', new QueryRunnerAlreadyReleasedError()],
    ['a timeout of ours', new DependencyUnavailableError('redis did not answer')],
  ])('is true for %s', (_, error) => {
    expect(isUnavailableError(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], pgError('duplicate key value violates unique constraint', '23505'))],
    ['invalid input', new QueryFailedError('SELECT', [], pgError('invalid byte sequence for encoding "UTF8": 0x00', '22021'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
    ['a string', 'Connection terminated'],
  ])('is false for %s', (_, error) => {
    expect(isUnavailableError(error)).toBe(false);
  });
});
