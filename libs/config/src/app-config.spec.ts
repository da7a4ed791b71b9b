import { InvalidConfigError, parseConfig, weakSecretWarnings } from './app-config';

describe(parseConfig.name, () => {
  it('applies the contract defaults when nothing is set', () => {
    const sut = parseConfig({});
    expect(sut.databaseUrl).toBe('postgres://postgres:postgres@127.0.0.1:5432/notify');
    expect(sut.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(sut.retry).toEqual({ baseDelayMs: 1000, maxDelayMs: 120_000, maxAgeMs: 86_400_000 });
    expect(sut.ports).toEqual({ api: 3000, ws: 3001, matcher: 3002, deliverer: 3003 });
    expect(sut.allowPrivateTargets).toBe(false);
    expect(sut.maxBodyBytes).toBe(1024 * 1024);
    expect(sut.adminToken).toBeUndefined();
  });

  it('applies the per-tenant limit defaults', () => {
    const sut = parseConfig({});
    expect(sut.limits).toEqual({ subscriptionsPerTenant: 1000, filterNodes: 1000, inflightPerTenant: 16, longPollsPerTenant: 1000, wsConnectionsPerTenant: 10_000, eventTypesPerTenant: 1000 });
    expect([sut.rateLimitPerSecond, sut.rateLimitUserPerSecond, sut.rateLimitEventsPerSecond]).toEqual([5000, 100, 10_000]);
  });

  it('reads the per-tenant limits and refuses a zero where 0 means nothing sensible', () => {
    const sut = parseConfig({ MAX_SUBSCRIPTIONS_PER_TENANT: '3', MAX_FILTER_NODES: '50', MAX_INFLIGHT_PER_TENANT: '2', RATE_LIMIT_EVENTS_PER_SECOND: '0' });
    expect(sut.limits).toMatchObject({ subscriptionsPerTenant: 3, filterNodes: 50, inflightPerTenant: 2, eventTypesPerTenant: 1000 });
    expect(sut.rateLimitEventsPerSecond).toBe(0);
    expect(() => parseConfig({ MAX_INFLIGHT_PER_TENANT: '0' })).toThrow('MAX_INFLIGHT_PER_TENANT');
  });

  it('runs on one Redis with one delivery queue unless a cluster is named', () => {
    const sut = parseConfig({});
    expect([sut.redisClusterNodes, sut.queuePartitions]).toEqual([undefined, 1]);
  });

  it('reads the Redis Cluster nodes and the queue partitions, and refuses a malformed node list', () => {
    const sut = parseConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7001,redis-b:7002', QUEUE_PARTITIONS: '8' });
    expect(sut.redisClusterNodes).toEqual([{ host: '10.0.0.1', port: 7001 }, { host: 'redis-b', port: 7002 }]);
    expect(sut.queuePartitions).toBe(8);
    expect(() => parseConfig({ REDIS_CLUSTER_NODES: 'redis-a,redis-b:7002' })).toThrow('REDIS_CLUSTER_NODES');
    expect(() => parseConfig({ QUEUE_PARTITIONS: '0' })).toThrow('QUEUE_PARTITIONS');
  });

  it('keeps 30 days of events and 90 of read notifications by default, and refuses a retention shorter than the idempotency window', () => {
    expect(parseConfig({}).retention).toEqual({ days: 30, notificationDays: 90, intervalMs: 3_600_000 });
    expect(parseConfig({ RETENTION_DAYS: '7', NOTIFICATION_RETENTION_DAYS: '1', RETENTION_INTERVAL_MS: '60000' }).retention)
      .toEqual({ days: 7, notificationDays: 1, intervalMs: 60_000 });
    expect(() => parseConfig({ RETENTION_DAYS: '1' })).toThrow('RETENTION_DAYS');
    expect(() => parseConfig({ NOTIFICATION_RETENTION_DAYS: '0' })).toThrow('NOTIFICATION_RETENTION_DAYS');
    expect(() => parseConfig({ RETENTION_DAYS: 'thirty' })).toThrow('RETENTION_DAYS');
  });

  it('reads numbers and booleans from strings', () => {
    const sut = parseConfig({ API_PORT: '4000', ALLOW_PRIVATE_TARGETS: 'true', RETRY_BASE_DELAY_MS: '50' });
    expect([sut.ports.api, sut.allowPrivateTargets, sut.retry.baseDelayMs]).toEqual([4000, true, 50]);
  });

  it('refuses bad values with one message naming every bad variable', () => {
    const bad = { API_PORT: 'eighty', ALLOW_PRIVATE_TARGETS: 'maybe', REDIS_URL: 'http://x', BOOTSTRAP_API_KEY: 'has-dash' };
    const error = captureError(() => parseConfig(bad));
    expect(error).toBeInstanceOf(InvalidConfigError);
    for (const name of Object.keys(bad)) expect(error?.message).toContain(name);
  });

  it.each([
    ['ADMIN_TOKEN', 'change-me-admin-token'],
    ['BOOTSTRAP_API_KEY', 'nk_dev_bootstrap_key_change_me'],
    ['USER_TOKEN_SECRET', 'change-me-user-token-secret-of-32-chars-or-more'],
    ['ADMIN_TOKEN', 'bench-admin-token-0123'],
    ['ADMIN_TOKEN', 'please-CHANGE_ME-now'],
    ['USER_TOKEN_SECRET', 'secret'],
  ])('refuses to start with %s set to the sample %s, naming the variable but not the value', (name, value) => {
    const error = captureError(() => parseConfig({ [name]: value }));
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error?.message).toContain(name);
    expect(error?.message).toContain('openssl rand');
    expect(error?.message).not.toContain(value);
  });

  it('accepts generated secrets and unset ones', () => {
    expect(() => parseConfig({ ADMIN_TOKEN: '3f9a0c1e5b7d2a4c6e8f0a1b3c5d7e9f', USER_TOKEN_SECRET: 'e2e-user-token-secret-0123456789abcdef' })).not.toThrow();
    expect(() => parseConfig({ ADMIN_TOKEN: '' })).not.toThrow();
  });

  it('accepts short secrets but warns about them', () => {
    const sut = parseConfig({ ADMIN_TOKEN: 'admin', BOOTSTRAP_API_KEY: 'key_1' });
    expect(weakSecretWarnings(sut)).toEqual([
      expect.stringContaining('ADMIN_TOKEN'),
      expect.stringContaining('BOOTSTRAP_API_KEY'),
    ]);
    expect(weakSecretWarnings(parseConfig({ ADMIN_TOKEN: 'a-long-enough-admin-token' }))).toEqual([]);
  });
});

function captureError(run: () => unknown): Error | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}
