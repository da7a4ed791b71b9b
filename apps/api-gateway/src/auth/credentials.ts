import type { FastifyRequest as Request } from 'fastify';

/** The caller's credential: `Authorization: Bearer <x>` or `X-API-Key: <x>`. */
export function credentialOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}

/** JWTs have three dot-separated parts; API keys have none. */
export function looksLikeJwt(credential: string): boolean {
  return credential.split('.').length === 3;
}
