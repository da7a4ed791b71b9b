import { createHmac, timingSafeEqual } from 'node:crypto';

export const ADMIN_COOKIE = 'notify_admin';

/**
 * A browser cannot send a bearer header to a page, so the board also accepts a cookie. The cookie holds an HMAC
 * keyed by ADMIN_TOKEN rather than the token itself: it opens only this board, and changing ADMIN_TOKEN voids it.
 */
export class AdminSession {
  readonly cookieValue: string;

  constructor(private readonly adminToken: string) {
    this.cookieValue = createHmac('sha256', adminToken).update('notify queue board session v1').digest('base64url');
  }

  isToken(candidate: string | undefined): boolean {
    return candidate !== undefined && sameText(candidate, this.adminToken);
  }

  isCookie(candidate: string | undefined): boolean {
    return candidate !== undefined && sameText(candidate, this.cookieValue);
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The value of one cookie from a Cookie header (no cookie-parser dependency for one name). */
export function cookieNamed(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
