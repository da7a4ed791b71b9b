import { QueryFailedError } from 'typeorm';
import { DependencyUnavailableError } from '@app/messaging';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Query read timeout/i,
  /Connection is closed/i,
  /Reached the max retries per request limit/i,
  /Command timed out/i,
  /Stream isn't writeable/i,
  /the database system is (starting up|shutting down)/i,
];

/** True when an error means Postgres or Redis is unreachable, as opposed to a bug or bad data. */
export function isUnavailableError(error: unknown): boolean {
  if (error instanceof DependencyUnavailableError) return true;
  const candidate = error instanceof QueryFailedError ? (error.driverError as Error & { code?: string }) : (error as Error & { code?: string });
  if (!candidate || typeof candidate !== 'object') return false;
  const code = candidate.code ?? '';
  if (NETWORK_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P03') return true;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(candidate.message ?? ''));
}
