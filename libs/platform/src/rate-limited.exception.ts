import { HttpException } from '@nestjs/common';

/** A 429 that carries its Retry-After; AllExceptionsFilter sets the header, so services need no response. */
export class RateLimitedException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message, 429);
  }
}
