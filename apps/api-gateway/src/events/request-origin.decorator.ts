import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { EventOrigin } from '@app/contracts';

/** The request's id (set by the request logger) and the caller's W3C `traceparent`, if it sent one. */
export const RequestOrigin = createParamDecorator((_: unknown, context: ExecutionContext): EventOrigin => {
  const request = context.switchToHttp().getRequest<Request & { id?: unknown }>();
  const traceparent = request.headers.traceparent;
  return { reqId: typeof request.id === 'string' ? request.id : undefined, traceparent: typeof traceparent === 'string' ? traceparent : undefined };
});
