/** Shared bench plumbing: a scratch database, the built apps as processes, a counting receiver. */
const { spawn, execFileSync } = require('node:child_process');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { Client } = require('pg');
const { nodeFlags } = require('../scripts/apps');

const ROOT = path.resolve(__dirname, '..');
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/notify_bench';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const ADMIN_TOKEN = 'bench-admin-token-0123456789';

async function freshDatabase() {
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  execFileSync(process.execPath, [path.join(ROOT, 'dist/apps/api-gateway/libs/persistence/src/cli/migrate.js')], {
    env: { ...process.env, DATABASE_URL }, stdio: 'ignore',
  });
  const Redis = require('ioredis');
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
}

function startApp(name, env = {}) {
  const entry = path.join(ROOT, 'dist/apps', name, 'apps', name, 'src/main.js');
  // BENCH_PROFILE=<app> writes a V8 CPU profile of that app to .tmp/profiles when it exits.
  const profile = process.env.BENCH_PROFILE === name ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, '.tmp/profiles')}`] : [];
  // The same node flags as `npm start`, so the bench measures what runs.
  const child = spawn(process.execPath, [...nodeFlags(name), ...profile, entry], {
    env: { ...process.env, DATABASE_URL, REDIS_URL, ADMIN_TOKEN, ALLOW_PRIVATE_TARGETS: 'true', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

async function waitHealthy(port) {
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} never became healthy`);
}

/**
 * Runs `source` (a bare server to compare with, which sends its port over IPC) as a node child, hands `use` its
 * WebSocket URL at /v1/ws and its pid, and kills it afterwards.
 */
async function withScriptServer(source, env, use) {
  const child = spawn(process.execPath, ['-e', source], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise((resolve) => child.once('message', resolve));
  try {
    return await use(`ws://127.0.0.1:${port}/v1/ws`, child.pid);
  } finally {
    child.kill('SIGKILL');
  }
}

/** A ws-gateway of our own on a scratch database, with a known user-token secret. */
async function startWsGateway(userTokenSecret) {
  await freshDatabase();
  const port = await freePort();
  const child = startApp('ws-gateway', { WS_PORT: String(port), USER_TOKEN_SECRET: userTokenSecret });
  await waitHealthy(port);
  return { url: `ws://127.0.0.1:${port}/v1/ws`, pid: child.pid, stop: () => child.kill('SIGKILL') };
}

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/** Opens one WebSocket with a bearer credential and resolves on its first frame (the gateway's `ready`). */
function openSocket(url, credential) {
  const WebSocket = require('ws');
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ['notify.v1', `bearer.${credential}`], { perMessageDeflate: false });
    socket.once('message', () => resolve(socket));
    socket.once('close', (code) => reject(new Error(`closed ${code} before ready`)));
    socket.once('error', reject);
  });
}

/** Counts requests and answers 200, after `delayMs` (a receiver that does some work) when given. */
function countingReceiver(port, delayMs = 0) {
  const state = { count: 0, server: undefined };
  state.server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.count++;
      if (delayMs > 0) setTimeout(() => res.writeHead(200).end(), delayMs);
      else res.writeHead(200).end();
    });
  });
  return new Promise((resolve) => state.server.listen(port, '127.0.0.1', () => resolve(state)));
}

/** User + system CPU seconds a process has used so far (Linux /proc). */
function cpuSeconds(pid) {
  const fields = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** SIGTERM to an app started with startApp; resolves once it has exited. */
function stopApp(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'));
}

async function api(method, url, key, body) {
  const response = await fetch(url, {
    method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body),
  });
  return response.json();
}

module.exports = { ROOT, DATABASE_URL, REDIS_URL, ADMIN_TOKEN, freshDatabase, freePort, openSocket, startApp, startWsGateway, withScriptServer, waitHealthy, countingReceiver, api, cpuSeconds, stopApp };
