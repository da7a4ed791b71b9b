import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { DependencyUnavailableError } from '@app/messaging';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/**
 * SQLSTATEs that mean "Postgres cannot serve this now", not "this request is wrong": 08 connection exceptions,
 * 53 insufficient resources (too many connections, disk full), 57P operator intervention (57P01 is what every
 * connection gets when Postgres restarts), 57014 a statement cancelled by `statement_timeout`, 55P03 `lock_timeout`.
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code.startsWith('53') || code.startsWith('57P') || code === '57014' || code === '55P03';
}

/** What pg, pg-pool and ioredis say when the connection under a request is gone; they set no code. */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /Query read timeout/i,
  /Connection is closed/i,
  /Reached the max retries per request limit/i,
  /Command timed out/i,
  /Stream isn't writeable/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection/i,
  /socket has been ended/i,
];

type Candidate = Error & { code?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };

/** True when an error means Postgres or Redis is unreachable, as opposed to a bug or bad data. */
export function isUnavailableError(error: unknown, depth = 0): boolean {
  if (error instanceof DependencyUnavailableError) return true;
  // TypeORM releases a query runner the moment its connection errors, so the next query of a multi-query
  // read (getManyAndCount) or transaction fails with this instead of the connection's own error.
  if (error instanceof QueryRunnerAlreadyReleasedError) return true;
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const candidate = error as Candidate;
  const code = typeof candidate.code === 'string' ? candidate.code : '';
  if (NETWORK_CODES.has(code) || isUnavailableSqlState(code)) return true;
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(String(candidate.message ?? '')))) return true;
  // TypeORM wraps the driver's error; Node wraps failed connects (AggregateError) and rethrows with a cause.
  const wrapped = [error instanceof QueryFailedError ? candidate.driverError : undefined, candidate.cause, ...(Array.isArray(candidate.errors) ? candidate.errors : [])];
  return wrapped.some((inner) => inner !== undefined && inner !== error && isUnavailableError(inner, depth + 1));
}
