import { ArgumentMetadata, INestApplication, Logger, Module, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, loadConfig, weakSecretWarnings } from '@app/config';
import { closeBullConnection, RedisPubSubServer } from '@app/messaging';
import { AddressRateLimiter, limitByAddress } from './address-rate-limiter';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { acceptJsonBodiesOnly } from './json-body-parser';
import { labelRoutes } from './route-label.hook';
import { BodySanityPipe } from './body-sanity.pipe';
import { QuerySanityPipe } from './query-sanity.pipe';
import { httpMetrics, ObservabilityModule, requestIdFrom, startTracing } from './observability';

export interface HttpAppOptions {
  /** Count and time every request (notify_http_requests_total and _duration_seconds): the gateways do. */
  httpMetrics?: boolean;
  /** RATE_LIMIT_PER_ADDRESS_PER_SECOND before authentication: the api-gateway does (its module provides the limiter). */
  limitByAddress?: boolean;
}

/** A body DTO with a `static parseBody` (validation written out once for a hot path) skips class-validator. */
export interface SelfParsingBody {
  parseBody(body: unknown): unknown;
}

class DtoValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Its own, not inherited: a subclass DTO adds rules its parent's parseBody does not know.
    if (metadata.type === 'body' && metadata.metatype && Object.hasOwn(metadata.metatype, 'parseBody')) {
      const { parseBody } = metadata.metatype as unknown as SelfParsingBody;
      return Promise.resolve().then(() => parseBody(value));
    }
    return super.transform(value, metadata);
  }
}

export const VALIDATION_OPTIONS = { whitelist: true, transform: true, errorHttpStatusCode: 422, stopAtFirstError: true } as const;

export const validationPipe = new DtoValidationPipe(VALIDATION_OPTIONS);

/**
 * Creates, configures and starts one app: its pub/sub events first (a hybrid app: `@EventPattern` handlers are
 * subscribed before HTTP listens), then its HTTP server. SIGTERM/SIGINT drain it and exit 0.
 */
export async function startHttpApp(
  name: string,
  module: Type<unknown>,
  port: (config: AppConfig) => number,
  configure?: (app: NestFastifyApplication) => void | Promise<void>,
  options: HttpAppOptions = {},
): Promise<INestApplication> {
  const config = loadConfig();
  const stopTracing = startTracing(name, config);
  // Fastify: its router, body parsing and replies cost a fraction of Express's on the publish path. No ETag, no
  // x-powered-by by default; its own logger stays off (nestjs-pino logs requests). Routing as Express did: a
  // trailing slash ignored, and no 414 for a long path segment (validation answers 422 naming it).
  const routerOptions = { ignoreTrailingSlash: true, maxParamLength: 8192 };
  const adapter = new FastifyAdapter({ bodyLimit: config.maxBodyBytes, routerOptions, genReqId: requestIdFrom });
  const app = await NestFactory.create<NestFastifyApplication>(withObservability(name, module), adapter, { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  const fastify = app.getHttpAdapter().getInstance();
  labelRoutes(fastify);
  if (options.httpMetrics) fastify.addHook('onRequest', httpMetrics);
  // Ahead of body parsing and the guards; the module must provide AddressRateLimiter.
  if (options.limitByAddress) fastify.addHook('onRequest', limitByAddress(app.get(AddressRateLimiter)));
  acceptJsonBodiesOnly(fastify);
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(new BodySanityPipe(), new QuerySanityPipe(), validationPipe);
  await configure?.(app);
  // Not inheriting the HTTP pipes and filters: events are parsed and guarded by the transport itself.
  app.connectMicroservice({ strategy: app.get(RedisPubSubServer) }, { inheritAppConfig: false });
  await app.startAllMicroservices();
  await app.listen(port(config), process.env.HOST ?? '0.0.0.0');
  Logger.log(`${name} listening on :${port(config)}`, 'Bootstrap');
  weakSecretWarnings(config).forEach((warning) => Logger.warn(warning, 'Config'));
  drainOnSignals(app, name, stopTracing);
  return app;
}

/** The app's own module plus logging, /metrics and queue gauges, so no app module has to list them. */
function withObservability(name: string, module: Type<unknown>): Type<unknown> {
  class Root {}
  Module({ imports: [module, ObservabilityModule.forApp(name)] })(Root);
  return Root;
}

function drainOnSignals(app: INestApplication, name: string, stopTracing: () => Promise<void>): void {
  let closing = false;
  const drain = (signal: string) => {
    if (closing) return;
    closing = true;
    Logger.log(`${signal}: draining ${name}`, 'Bootstrap');
    const force = setTimeout(() => process.exit(1), 30_000).unref();
    // The shared BullMQ cluster client goes last, once every queue and worker using it has closed.
    app.close().then(closeBullConnection).then(
      () => stopTracing().catch(() => undefined).then(() => { clearTimeout(force); process.exit(0); }),
      (error: Error) => { Logger.error(`shutdown failed: ${error.message}`, 'Bootstrap'); process.exit(1); },
    );
  };
  process.on('SIGTERM', () => drain('SIGTERM'));
  process.on('SIGINT', () => drain('SIGINT'));
}

/** Exits with a clear message when configuration or start-up fails. */
export function runMain(start: () => Promise<unknown>): void {
  start().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
