import { timingSafeEqual } from 'node:crypto';

/** Whether a scrape may read /metrics: always without a token, else only with `Bearer <token>`. */
export function isScrapeAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(authorization ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
