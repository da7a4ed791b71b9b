import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { EventOrigin } from '@app/contracts';

/** The request's id (set by the request logger) and the caller's W3C `traceparent`, if it sent one. */
export const RequestOrigin = createParamDecorator((_: unknown, context: ExecutionContext): EventOrigin => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const traceparent = request.headers.traceparent;
  // Fastify's id: the x-request-id answered, and the one pino-http logs.
  const reqId: unknown = request.id;
  return { reqId: typeof reqId === 'string' ? reqId : undefined, traceparent: typeof traceparent === 'string' ? traceparent : undefined };
});
