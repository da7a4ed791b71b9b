import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import { LevelWithSilent, stdTimeFunctions } from 'pino';
import type { AppConfig, LogLevel } from '@app/config';
import { routeLabel } from './http-metrics';

const PINO_LEVEL: Record<LogLevel, string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * Belt and braces: request lines are built field by field (no headers, no URL, no body), and any object a log call
 * passes still has these keys censored, at the top level and one level down.
 */
const SENSITIVE_KEYS = ['authorization', 'x-api-key', 'cookie', 'apiKey', 'token', 'secret', 'headers', 'payload', 'data', 'body', 'url'];
const pathOf = (key: string) => (/^[A-Za-z_]\w*$/.test(key) ? key : `["${key}"]`);
export const REDACTED_PATHS = SENSITIVE_KEYS.flatMap((key) => [pathOf(key), `*${pathOf(key).startsWith('[') ? '' : '.'}${pathOf(key)}`]);

/** A caller's `x-request-id` is kept when it is a plain token (it ends up in logs and job data); else a new one. */
const CALLER_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestIdFrom(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && CALLER_REQUEST_ID.test(given) ? given : randomUUID();
}

/** pino-http's fallback; under Fastify the request already has Fastify's id (requestIdFrom), which pino-http keeps. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const id = requestIdFrom(req);
  res.setHeader('x-request-id', id);
  return id;
}

type RoutedRequest = IncomingMessage & { route?: unknown };

/** One line per answered request: its id, method, route pattern, status and time, nothing the caller sent. */
function requestLine(req: IncomingMessage, res: ServerResponse, val: { responseTime?: number }) {
  return { method: req.method, route: routeLabel(req as RoutedRequest), status: res.statusCode, ms: val.responseTime };
}

/** Probes and scrapes would drown everything else at info. */
function levelOf(req: IncomingMessage, res: ServerResponse, error?: Error): LevelWithSilent {
  if (error || res.statusCode >= 500) return 'error';
  const route = routeLabel(req as RoutedRequest);
  return route === '/health' || route === '/metrics' ? 'debug' : 'info';
}

/** nestjs-pino settings for one app: JSON lines with `level`, `time`, `app`, `msg` (pretty on request). */
export function loggerParams(app: string, config: Pick<AppConfig, 'logLevel' | 'logFormat'>): Params {
  return {
    pinoHttp: {
      level: PINO_LEVEL[config.logLevel],
      base: { app },
      messageKey: 'msg',
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      transport: config.logFormat === 'pretty' ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
      genReqId: requestIdOf,
      quietReqLogger: true,
      quietResLogger: true,
      customLogLevel: levelOf,
      customSuccessObject: requestLine,
      customErrorObject: (req, res, _error, val) => requestLine(req, res, val),
      customSuccessMessage: () => 'request completed',
      customErrorMessage: () => 'request failed',
    },
  };
}
