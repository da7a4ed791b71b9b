import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import { RateLimitedException } from './rate-limited.exception';
import { isUnavailableError } from './unavailable-error';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  [extra: string]: unknown;
}

/** Every error leaves in the contract's shape; internal details stay in the log under an error id. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<FastifyReply>();
    if (response.sent || response.raw.headersSent) return;
    const body = this.toBody(exception);
    if (exception instanceof RateLimitedException) response.header('Retry-After', String(exception.retryAfterSeconds));
    response.code(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) return this.fromHttpException(exception);
    const status = (exception as { status?: unknown; statusCode?: unknown })?.status ?? (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) return this.fromBodyParserError(exception as Error, status);
    if (isUnavailableError(exception)) {
      return { statusCode: 503, error: STATUS_CODES[503]!, message: 'a backing service (Postgres or Redis) is unreachable; retry later' };
    }
    const errorId = randomUUID();
    this.logger.error(`unhandled error ${errorId}: ${(exception as Error)?.stack ?? String(exception)}`);
    return { statusCode: 500, error: STATUS_CODES[500]!, message: `internal error (id ${errorId})` };
  }

  private fromHttpException(exception: HttpException): ErrorBody {
    const statusCode = exception.getStatus();
    const raw = exception.getResponse();
    const error = STATUS_CODES[statusCode] ?? 'Error';
    if (typeof raw === 'string') return { statusCode, error, message: raw };
    const { message, ...rest } = raw as { message?: string | string[] };
    return { ...rest, statusCode, error, message: message ?? error };
  }

  /** Body parsing errors: malformed JSON (400), too large (413, Fastify's bodyLimit), bad encoding. */
  private fromBodyParserError(error: Error & { type?: string; code?: string }, statusCode: number): ErrorBody {
    const messages: Record<string, string> = {
      'entity.parse.failed': 'request body is not valid JSON',
      'entity.too.large': 'request body is larger than the limit',
      FST_ERR_CTP_BODY_TOO_LARGE: 'request body is larger than the limit',
    };
    return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message: messages[error.type ?? error.code ?? ''] ?? error.message };
  }
}

