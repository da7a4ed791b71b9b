import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};

/** Every environment variable the platform reads, with its default. Validated once at boot. */
export class EnvironmentSchema {
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:5432/notify';

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** host:port,host:port,... of Redis Cluster nodes: when set, every queue and channel runs there instead of REDIS_URL. */
  @IsOptional() @Matches(/^[^\s,]+:\d{1,5}(,[^\s,]+:\d{1,5})*$/, { message: 'REDIS_CLUSTER_NODES must be host:port,host:port,...' })
  REDIS_CLUSTER_NODES?: string;

  /** Webhook delivery queues, a subscription's deliveries always in the same one; more spread a cluster's shards. */
  @Transform(toInt) @IsInt() @Min(1) @Max(256) QUEUE_PARTITIONS = 1;

  // Short secrets are the operator's call (a test rig may use "admin"); weakSecretWarnings() says so at start.
  @IsOptional() @IsString() @MaxLength(1024)
  ADMIN_TOKEN?: string;

  @IsOptional() @Matches(/^[A-Za-z0-9_]{1,256}$/, { message: 'BOOTSTRAP_API_KEY must be 1-256 characters of [A-Za-z0-9_]' })
  BOOTSTRAP_API_KEY?: string;

  @IsOptional() @IsString() @MaxLength(1024)
  USER_TOKEN_SECRET?: string;

  /** The ws-gateway's public base URL for the operator console's live tail; unset = the page's host on WS_PORT. */
  @IsOptional() @Matches(/^wss?:\/\/[^\s'";]{1,2000}$/, { message: 'CONSOLE_WS_URL must be a ws:// or wss:// URL' })
  CONSOLE_WS_URL?: string;

  @Transform(toInt) @IsInt() @Min(1) @Max(65535) API_PORT = 3000;
  @Transform(toInt) @IsInt() @Min(1) @Max(65535) WS_PORT = 3001;
  @Transform(toInt) @IsInt() @Min(1) @Max(65535) MATCHER_PORT = 3002;
  @Transform(toInt) @IsInt() @Min(1) @Max(65535) DELIVERER_PORT = 3003;

  @Transform(toInt) @IsInt() @Min(1) RETRY_BASE_DELAY_MS = 1000;
  @Transform(toInt) @IsInt() @Min(1) RETRY_MAX_DELAY_MS = 120_000;
  @Transform(toInt) @IsInt() @Min(1) RETRY_MAX_AGE_MS = 86_400_000;
  @Transform(toInt) @IsInt() @Min(1) @Max(600_000) DELIVERY_TIMEOUT_MS = 10_000;
  @Transform(toBool) @IsBoolean() ALLOW_PRIVATE_TARGETS = false;

  @Transform(toInt) @IsInt() @Min(1024) @Max(64 * 1024 * 1024) MAX_BODY_BYTES = 1024 * 1024;
  @Transform(toInt) @IsInt() @Min(1) @Max(10_000) DELIVERY_CONCURRENCY = 64;
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) MATCHER_CONCURRENCY = 32;
  @Transform(toInt) @IsInt() @Min(100) SWEEP_INTERVAL_MS = 5000;
  @Transform(toInt) @IsInt() @Min(100) SWEEP_GRACE_MS = 30_000;
  /**
   * Days events, deliveries and attempts are kept (whole day partitions are dropped once older). At least 2: an
   * idempotency key's event must outlive the key's 24 h.
   */
  @Transform(toInt) @IsInt() @Min(2) @Max(3650) RETENTION_DAYS = 30;
  /** Days a read in-app notification is kept; unread ones are never removed. */
  @Transform(toInt) @IsInt() @Min(1) @Max(36500) NOTIFICATION_RETENTION_DAYS = 90;
  /** How often the subscription-matcher runs retention maintenance (one instance at a time). */
  @Transform(toInt) @IsInt() @Min(1000) @Max(86_400_000) RETENTION_INTERVAL_MS = 3_600_000;
  @Transform(toInt) @IsInt() @Min(1024) WS_MAX_BUFFERED_BYTES = 1024 * 1024;
  @Transform(toInt) @IsInt() @Min(1000) WS_PING_INTERVAL_MS = 30_000;
  /** How often open WebSocket connections have their credentials checked again (a lost revocation notice). */
  @Transform(toInt) @IsInt() @Min(500) WS_REVALIDATE_INTERVAL_MS = 60_000;

  /** Requests per second one tenant's API keys may make (all gateways together); 0 turns the limit off. */
  @Transform(toInt) @IsInt() @Min(0) RATE_LIMIT_PER_SECOND = 5000;
  /** Requests per second one end user's tokens may make, a budget apart from the tenant's; 0 = off. */
  @Transform(toInt) @IsInt() @Min(0) RATE_LIMIT_USER_PER_SECOND = 100;
  /** Events per second one tenant may publish (a batch of n counts n); 0 = off. */
  @Transform(toInt) @IsInt() @Min(0) RATE_LIMIT_EVENTS_PER_SECOND = 10_000;

  /** Live (not deleted) subscriptions per tenant; also the most deliveries one event can fan out to. */
  @Transform(toInt) @IsInt() @Min(1) MAX_SUBSCRIPTIONS_PER_TENANT = 1000;
  /** Entries in one tenant's event type catalog. */
  @Transform(toInt) @IsInt() @Min(1) MAX_EVENT_TYPES_PER_TENANT = 1000;
  /** Values in one filter document, every operand and array element included. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100_000) MAX_FILTER_NODES = 1000;
  /** Delivery jobs one tenant may have running in one deliverer process. */
  @Transform(toInt) @IsInt() @Min(1) MAX_INFLIGHT_PER_TENANT = 16;
  /** Long polls one tenant may have waiting on one api-gateway process. */
  @Transform(toInt) @IsInt() @Min(1) MAX_LONG_POLLS_PER_TENANT = 1000;
  /** WebSocket connections one tenant (its keys and its users together) may hold on one ws-gateway process. */
  @Transform(toInt) @IsInt() @Min(1) MAX_WS_CONNECTIONS_PER_TENANT = 10_000;

  /**
   * Requests (and WebSocket upgrades) per second one client address may make to one gateway process, counted before
   * authentication; 0 turns the limit off (e.g. behind a proxy that hides client addresses). Above the per-tenant
   * default, so one backend host can use its tenant's whole budget, and a burst of reconnects is not refused.
   */
  @Transform(toInt) @IsInt() @Min(0) RATE_LIMIT_PER_ADDRESS_PER_SECOND = 10_000;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose']) LOG_LEVEL = 'log';
  /** `json`: one JSON object per line (for collectors); `pretty`: coloured lines for a terminal. */
  @IsIn(['json', 'pretty']) LOG_FORMAT = 'json';

  /** When set, GET /metrics needs `Authorization: Bearer <this>`. */
  @IsOptional() @IsString() @MaxLength(1024)
  METRICS_TOKEN?: string;

  /** OTLP/HTTP base URL (spans go to `<this>/v1/traces`); no span export when unset. */
  @IsOptional() @Matches(/^https?:\/\//, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s):// URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** PEM file paths: the client certificate and key every HTTPS delivery presents (mutual TLS). Both or neither. */
  @IsOptional() @IsString() @MaxLength(4096) DELIVERY_CLIENT_CERT?: string;
  @IsOptional() @IsString() @MaxLength(4096) DELIVERY_CLIENT_KEY?: string;
  /** PEM file path of extra CA certificates trusted for HTTPS receivers, besides the system's (a private PKI). */
  @IsOptional() @IsString() @MaxLength(4096) DELIVERY_CA_CERT?: string;
}
