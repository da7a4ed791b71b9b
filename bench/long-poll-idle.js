#!/usr/bin/env node
/*
 * Cost of idle long polls on ONE running api-gateway process: memory per waiting request and CPU while they wait.
 * Starts nothing but a client. Usage:
 *   API_URL=http://127.0.0.1:3000 ADMIN_TOKEN=... node bench/long-poll-idle.js [api-gateway pid]
 *   (or API_KEY=<tenant key> instead of ADMIN_TOKEN; N=2000 WAIT=60 SETTLE_S=15 SAMPLE_S=10 are the defaults)
 * Without a pid it looks in /proc for the one process whose command line runs the api-gateway main.js.
 * The gateway must run on this machine (it reads /proc/<pid>). Prints JSON lines.
 */
const fs = require('node:fs');
const http = require('node:http');

const API_URL = process.env.API_URL ?? 'http://127.0.0.1:3000';
const N = Number(process.env.N ?? 2000);
const WAIT = Number(process.env.WAIT ?? 60);
const SAMPLE_S = Number(process.env.SAMPLE_S ?? 10);
/** Seconds between opening the polls and measuring, for the gateway to finish accepting them. */
const SETTLE_S = Number(process.env.SETTLE_S ?? 15);
const CLK_TCK = 100; // USER_HZ on Linux

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function request(method, path, key, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(new URL(path, API_URL), {
      method, agent,
      headers: { authorization: `Bearer ${key}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function findPid() {
  const pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  const found = pids.filter((p) => {
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8');
      return /apps\/api-gateway\/.*main\.js/.test(cmd);
    } catch {
      return false;
    }
  });
  if (found.length !== 1) throw new Error(`pass the api-gateway pid: found ${found.length} candidate processes (${found.join(', ')})`);
  return Number(found[0]);
}

const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

function cpuTicks(pid) {
  // Fields after the ")" of comm: utime and stime are the 14th and 15th fields of the whole line.
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function cpuPercent(pid, seconds) {
  const before = cpuTicks(pid);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return ((cpuTicks(pid) - before) / CLK_TCK / seconds) * 100;
}

async function apiKey() {
  if (process.env.API_KEY) return process.env.API_KEY;
  const tenant = await request('POST', '/v1/tenants', process.env.ADMIN_TOKEN, { name: 'long-poll-bench' });
  if (tenant.status !== 201) throw new Error(`create tenant: ${tenant.status} ${JSON.stringify(tenant.body)}`);
  return tenant.body.apiKey;
}

/** Opens one long poll on its own connection; resolves with the status when (if) it is answered. */
function openPoll(key, sub) {
  return new Promise((resolve) => {
    const req = http.get(new URL(`/v1/subscriptions/${sub}/messages?wait=${WAIT}`, API_URL), {
      agent: false, headers: { authorization: `Bearer ${key}` },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve('error'));
    polls.push(req);
  });
}
const polls = [];

async function main() {
  const pid = Number(process.argv[2] ?? 0) || findPid();
  const key = await apiKey();
  const sub = await request('POST', '/v1/subscriptions', key, { name: 'bench', transport: 'pull' });
  if (sub.status !== 201) throw new Error(`create subscription: ${sub.status} ${JSON.stringify(sub.body)}`);
  // Warm the code paths (and the JIT) once, so the baseline is not the cost of the first request.
  for (let i = 0; i < 20; i++) await request('GET', `/v1/subscriptions/${sub.body.id}/messages?wait=0`, key);

  const baselineRss = rssKb(pid);
  const baselineCpu = await cpuPercent(pid, SAMPLE_S);
  console.log(JSON.stringify({ phase: 'baseline', pid, rssMb: +(baselineRss / 1024).toFixed(1), cpuPercent: +baselineCpu.toFixed(2) }));

  const answered = [];
  const openedAt = Date.now();
  for (let i = 0; i < N; i++) openPoll(key, sub.body.id).then((status) => answered.push(status));
  // Let every request reach the gateway and settle into waiting before measuring (WAIT must exceed SETTLE_S + SAMPLE_S).
  const settling = await cpuPercent(pid, SETTLE_S);
  console.log(JSON.stringify({ phase: 'opening', seconds: SETTLE_S, cpuPercent: +settling.toFixed(2) }));
  const heldRss = rssKb(pid);
  const heldCpu = await cpuPercent(pid, SAMPLE_S);
  const heldFor = (Date.now() - openedAt) / 1000;
  console.log(JSON.stringify({
    phase: 'held', requests: N, answeredEarly: answered.length, heldForSeconds: +heldFor.toFixed(1),
    rssMb: +(heldRss / 1024).toFixed(1), rssDeltaMb: +((heldRss - baselineRss) / 1024).toFixed(1),
    bytesPerWaitingRequest: Math.round(((heldRss - baselineRss) * 1024) / N), idleCpuPercent: +heldCpu.toFixed(2),
  }));
  if (answered.length > 0) console.log(JSON.stringify({ warning: 'some polls were answered before the measurement ended', statuses: answered.slice(0, 10) }));

  for (const req of polls) req.destroy();
  await request('DELETE', `/v1/subscriptions/${sub.body.id}`, key);
  agent.destroy();
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
