#!/usr/bin/env node
/**
 * Runs migrations, then the four apps as separate processes. An app that dies is restarted (with a growing
 * pause); SIGINT/SIGTERM are passed on so each app drains, and this exits once all have stopped.
 */
const { spawn, execFileSync } = require('node:child_process');
const { root, apps, entryOf, nodeFlags } = require('./apps');

const migrate = require('node:path').join(root, 'dist', 'apps', 'api-gateway', 'libs', 'persistence', 'src', 'cli', 'migrate.js');
execFileSync(process.execPath, [migrate], { stdio: 'inherit' });

const children = new Map();
let stopping = false;

function run(app, restarts = 0) {
  const child = spawn(process.execPath, [...nodeFlags(app), entryOf(app)], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  const prefix = `[${app}] `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.on('data', (chunk) => {
      const lines = (buffered + chunk).split('\n');
      buffered = lines.pop();
      for (const line of lines) process.stdout.write(prefix + line + '\n');
    });
  }
  const startedAt = Date.now();
  child.on('exit', (code, signal) => {
    children.delete(app);
    if (stopping) {
      if (children.size === 0) process.exit(0);
      return;
    }
    const next = Date.now() - startedAt > 30_000 ? 0 : restarts + 1;
    const delay = Math.min(500 * 2 ** next, 15_000);
    console.error(`${prefix}exited (${signal ?? code}); restarting in ${delay} ms`);
    setTimeout(() => run(app, next), delay);
  });
  children.set(app, child);
}

function stop(signal) {
  if (stopping) return;
  stopping = true;
  if (children.size === 0) process.exit(0);
  for (const child of children.values()) child.kill(signal);
  setTimeout(() => process.exit(1), 35_000).unref();
}

process.on('SIGINT', () => stop('SIGTERM'));
process.on('SIGTERM', () => stop('SIGTERM'));
apps.forEach((app) => run(app));
