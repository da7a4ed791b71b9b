export class IssuedTokenResponse {
  /** HS256 JWT: sub = user id, tid = tenant id, exp. */
  token: string;
  /** ISO-8601. */
  expiresAt: string;
}
