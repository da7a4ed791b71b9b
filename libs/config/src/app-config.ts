import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentSchema } from './env.schema';
import { sampleSecretErrors } from './sample-secrets';

export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

/** Typed, validated settings; the only place that reads process.env. */
export class AppConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Set when REDIS_CLUSTER_NODES is: the apps then use the cluster, not redisUrl. */
  readonly redisClusterNodes?: { host: string; port: number }[];
  readonly queuePartitions: number;
  readonly adminToken?: string;
  readonly bootstrapApiKey?: string;
  readonly userTokenSecret?: string;
  readonly ports: { api: number; ws: number; matcher: number; deliverer: number };
  readonly retry: { baseDelayMs: number; maxDelayMs: number; maxAgeMs: number };
  readonly deliveryTimeoutMs: number;
  readonly allowPrivateTargets: boolean;
  readonly maxBodyBytes: number;
  readonly deliveryConcurrency: number;
  readonly matcherConcurrency: number;
  readonly sweep: { intervalMs: number; graceMs: number };
  readonly retention: { days: number; notificationDays: number; intervalMs: number };
  readonly ws: { maxBufferedBytes: number; pingIntervalMs: number; revalidateIntervalMs: number };
  readonly rateLimitPerSecond: number;
  readonly rateLimitUserPerSecond: number;
  readonly rateLimitEventsPerSecond: number;
  readonly limits: {
    subscriptionsPerTenant: number;
    filterNodes: number;
    inflightPerTenant: number;
    longPollsPerTenant: number;
    wsConnectionsPerTenant: number;
    eventTypesPerTenant: number;
  };
  readonly rateLimitPerAddressPerSecond: number;
  readonly logLevel: LogLevel;
  readonly consoleWsUrl?: string;
  readonly logFormat: 'json' | 'pretty';
  readonly metricsToken?: string;
  readonly otlpEndpoint?: string;
  /** PEM file paths for HTTPS deliveries (the deliverer reads and checks them at start). */
  readonly deliveryTls: { clientCert?: string; clientKey?: string; ca?: string };

  constructor(env: EnvironmentSchema) {
    this.databaseUrl = env.DATABASE_URL;
    this.redisUrl = env.REDIS_URL;
    this.redisClusterNodes = env.REDIS_CLUSTER_NODES ? parseNodes(env.REDIS_CLUSTER_NODES) : undefined;
    this.queuePartitions = env.QUEUE_PARTITIONS;
    this.adminToken = env.ADMIN_TOKEN;
    this.bootstrapApiKey = env.BOOTSTRAP_API_KEY;
    this.userTokenSecret = env.USER_TOKEN_SECRET;
    this.ports = { api: env.API_PORT, ws: env.WS_PORT, matcher: env.MATCHER_PORT, deliverer: env.DELIVERER_PORT };
    this.retry = { baseDelayMs: env.RETRY_BASE_DELAY_MS, maxDelayMs: env.RETRY_MAX_DELAY_MS, maxAgeMs: env.RETRY_MAX_AGE_MS };
    this.deliveryTimeoutMs = env.DELIVERY_TIMEOUT_MS;
    this.allowPrivateTargets = env.ALLOW_PRIVATE_TARGETS;
    this.maxBodyBytes = env.MAX_BODY_BYTES;
    this.deliveryConcurrency = env.DELIVERY_CONCURRENCY;
    this.matcherConcurrency = env.MATCHER_CONCURRENCY;
    this.sweep = { intervalMs: env.SWEEP_INTERVAL_MS, graceMs: env.SWEEP_GRACE_MS };
    this.retention = { days: env.RETENTION_DAYS, notificationDays: env.NOTIFICATION_RETENTION_DAYS, intervalMs: env.RETENTION_INTERVAL_MS };
    this.ws = { maxBufferedBytes: env.WS_MAX_BUFFERED_BYTES, pingIntervalMs: env.WS_PING_INTERVAL_MS, revalidateIntervalMs: env.WS_REVALIDATE_INTERVAL_MS };
    this.rateLimitPerSecond = env.RATE_LIMIT_PER_SECOND;
    this.rateLimitUserPerSecond = env.RATE_LIMIT_USER_PER_SECOND;
    this.rateLimitEventsPerSecond = env.RATE_LIMIT_EVENTS_PER_SECOND;
    this.limits = {
      subscriptionsPerTenant: env.MAX_SUBSCRIPTIONS_PER_TENANT,
      filterNodes: env.MAX_FILTER_NODES,
      inflightPerTenant: env.MAX_INFLIGHT_PER_TENANT,
      longPollsPerTenant: env.MAX_LONG_POLLS_PER_TENANT,
      wsConnectionsPerTenant: env.MAX_WS_CONNECTIONS_PER_TENANT,
      eventTypesPerTenant: env.MAX_EVENT_TYPES_PER_TENANT,
    };
    this.rateLimitPerAddressPerSecond = env.RATE_LIMIT_PER_ADDRESS_PER_SECOND;
    this.logLevel = env.LOG_LEVEL as LogLevel;
    this.consoleWsUrl = env.CONSOLE_WS_URL;
    this.logFormat = env.LOG_FORMAT as 'json' | 'pretty';
    this.metricsToken = env.METRICS_TOKEN;
    this.otlpEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
    this.deliveryTls = { clientCert: env.DELIVERY_CLIENT_CERT, clientKey: env.DELIVERY_CLIENT_KEY, ca: env.DELIVERY_CA_CERT };
  }
}

/** "host:port,host:port" (already checked by the schema) as ioredis Cluster startup nodes. */
function parseNodes(list: string): { host: string; port: number }[] {
  return list.split(',').map((node) => {
    const at = node.lastIndexOf(':');
    return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
  });
}

export class InvalidConfigError extends Error {}

const STRONG_SECRET_LENGTH = { ADMIN_TOKEN: 16, BOOTSTRAP_API_KEY: 16, USER_TOKEN_SECRET: 32 };

/** Secrets that are set but short enough to guess: allowed, and said out loud. */
export function weakSecretWarnings(config: AppConfig): string[] {
  const values = { ADMIN_TOKEN: config.adminToken, BOOTSTRAP_API_KEY: config.bootstrapApiKey, USER_TOKEN_SECRET: config.userTokenSecret };
  return Object.entries(STRONG_SECRET_LENGTH)
    .filter(([name, min]) => {
      const value = values[name as keyof typeof values];
      return value !== undefined && value.length < min;
    })
    .map(([name, min]) => `${name} is shorter than ${min} characters: fine for a test rig, weak for anything real`);
}

/** Parses and validates an environment; throws one error listing every bad variable. */
export function parseConfig(source: Record<string, string | undefined>): AppConfig {
  const known = Object.keys(new EnvironmentSchema());
  const defined = Object.fromEntries(
    Object.entries(source).filter(([key, value]) => known.includes(key) && value !== undefined && value !== ''),
  );
  const env = plainToInstance(EnvironmentSchema, defined, { exposeDefaultValues: true });
  const errors = validateSync(env, { forbidUnknownValues: false });
  const messages = [...errors.flatMap((e) => Object.values(e.constraints ?? {})), ...sampleSecretErrors(env)];
  if (messages.length > 0) {
    const lines = messages.map((m) => `  - ${m}`);
    throw new InvalidConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return new AppConfig(env);
}

let loaded: AppConfig | undefined;

export function loadConfig(): AppConfig {
  loaded ??= parseConfig(process.env);
  return loaded;
}
