import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';

/** Thrown like body-parser's errors, so the exception filter keeps its messages and statuses. */
class BodyError extends Error {
  constructor(readonly statusCode: number, readonly type: string, message: string) {
    super(message);
  }
}

const UTF8 = /^utf-?8$/i;

/**
 * The body parsing the contract knows (what Express's `json()` did): `application/json` in UTF-8, an object or an
 * array (strict), an empty body as `{}`, at most MAX_BODY_BYTES (Fastify's bodyLimit answers 413). Any other
 * content type is not read at all and the handler sees no body, so validation answers for it as before.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
    try {
      done(null, parseJsonBody(request, text as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addContentTypeParser('*', (_request: FastifyRequest, _payload: IncomingMessage, done) => done(null, undefined));
}

function parseJsonBody(request: FastifyRequest, text: string): unknown {
  const charset = /;\s*charset=("?)([^";\s]+)\1/i.exec(request.headers['content-type'] ?? '')?.[2];
  if (charset && !UTF8.test(charset)) throw new BodyError(415, 'charset.unsupported', `unsupported charset "${charset.toUpperCase()}"`);
  if (text.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw new BodyError(400, 'entity.parse.failed', 'request body is not a JSON object or array');
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, 'entity.parse.failed', 'request body is not valid JSON');
  }
}
