import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { waitFor } from './wait-for';

export type AppName = 'api-gateway' | 'subscription-matcher' | 'webhook-deliverer' | 'ws-gateway';
export const ALL_APPS: AppName[] = ['api-gateway', 'subscription-matcher', 'webhook-deliverer', 'ws-gateway'];

const PORT_ENV: Record<AppName, string> = {
  'api-gateway': 'API_PORT',
  'subscription-matcher': 'MATCHER_PORT',
  'webhook-deliverer': 'DELIVERER_PORT',
  'ws-gateway': 'WS_PORT',
};

const ROOT = path.resolve(__dirname, '..', '..');
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RunningApp {
  name: AppName;
  port: number;
  process: ChildProcess;
  output: string[];
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A cluster run (E2E_REDIS_CLUSTER_NODES, see `npm run test:cluster`) puts every app on the cluster. */
function onCluster(): Record<string, string> {
  const nodes = process.env.E2E_REDIS_CLUSTER_NODES;
  if (!nodes) return {};
  return { REDIS_CLUSTER_NODES: nodes, QUEUE_PARTITIONS: process.env.E2E_QUEUE_PARTITIONS ?? '1' };
}

/**
 * The real apps as OS processes (the built dist/ output), on free ports, against the run's own database and
 * Redis db. Tests drive them over HTTP and WebSocket and may kill or restart any one of them.
 */
export class Stack {
  readonly apps = new Map<AppName, RunningApp>();
  /** Further copies started on ports of their own: they share the run's database and queues, so stop() ends them too. */
  private readonly copies: RunningApp[] = [];
  readonly ports = new Map<AppName, number>();

  private constructor(readonly env: Record<string, string>) {}

  static async start(options: { apps?: AppName[]; env?: Record<string, string> } = {}): Promise<Stack> {
    const env: Record<string, string> = {
      DATABASE_URL: process.env.E2E_DATABASE_URL!,
      REDIS_URL: process.env.E2E_REDIS_URL!,
      ADMIN_TOKEN,
      ALLOW_PRIVATE_TARGETS: 'true',
      RETRY_BASE_DELAY_MS: '100',
      RETRY_MAX_DELAY_MS: '400',
      SWEEP_INTERVAL_MS: '500',
      SWEEP_GRACE_MS: '2000',
      LOG_LEVEL: 'warn',
      ...onCluster(),
      ...options.env,
    };
    const stack = new Stack(env);
    for (const app of ALL_APPS) stack.ports.set(app, await freePort());
    try {
      await Promise.all((options.apps ?? ALL_APPS).map((app) => stack.startApp(app)));
    } catch (error) {
      // The caller never gets this stack to stop: apps left running would take later runs' jobs (on a cluster
      // run the queues are shared by every run, whatever its database).
      await stack.stop();
      throw error;
    }
    return stack;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.ports.get('api-gateway')}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.ports.get('ws-gateway')}/v1/ws`;
  }

  /** Starts one app (another copy may run on `port`) and waits until its /health answers 200. */
  async startApp(name: AppName, options: { port?: number; env?: Record<string, string>; awaitHealthy?: boolean } = {}): Promise<RunningApp> {
    const port = options.port ?? this.ports.get(name)!;
    const entry = path.join(ROOT, 'dist', 'apps', name, 'apps', name, 'src', 'main.js');
    const child = spawn(process.execPath, [entry], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, ...options.env, [PORT_ENV[name]]: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app: RunningApp = { name, port, process: child, output: [] };
    child.stdout!.on('data', (chunk: Buffer) => app.output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => app.output.push(chunk.toString()));
    if (!options.port) this.apps.set(name, app);
    else this.copies.push(app);
    if (options.awaitHealthy === false) return app;
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${app.output.join('')}`);
      const response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      return response?.status === 200;
    }, `${name} to become healthy`, 30_000, 100);
    return app;
  }

  /** Sends `signal` and waits for the process to exit; returns its exit code. */
  async stopApp(name: AppName | RunningApp, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const app = typeof name === 'string' ? this.apps.get(name) : name;
    if (!app || app.process.exitCode !== null || app.process.signalCode !== null) return app?.process.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => app.process.once('exit', (code) => resolve(code)));
    app.process.kill(signal);
    return exited;
  }

  /** Kills every app this stack started, copies too: one left running would take the next test file's jobs. */
  async stop(): Promise<void> {
    await Promise.all([...this.apps.values(), ...this.copies].map((app) => this.stopApp(app, 'SIGKILL')));
  }

  async api<T = any>(method: string, pathname: string, options: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(this.apiUrl + pathname, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  async createTenant(name = 'tenant'): Promise<{ id: string; apiKey: string }> {
    const response = await this.api('POST', '/v1/tenants', { key: ADMIN_TOKEN, body: { name } });
    if (response.status !== 201) throw new Error(`create tenant: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  logs(name: AppName): string {
    return this.apps.get(name)?.output.join('') ?? '';
  }
}
