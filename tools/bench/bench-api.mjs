#!/usr/bin/env node
// npm run bench:api — prints one JSON line:
//   readyMs      launcher start → /api/health/ready answers 200 (built app, embedded PostgreSQL, warm data dir)
//   firstStartReadyMs  the same on an empty data dir (includes initdb and migrations)
//   apiRssMb / workerRssMb  resident memory of each process after 10 s idle
//   rps          max throughput of GET /api/system/self-check (API key auth, DB query) with 10 connections for 10 s (autocannon)
//   p50Ms/p95Ms/p99Ms  latency of the same endpoint at a fixed 200 requests/s for 15 s
// Needs `npm run build` first and Redis on REDIS_URL (default 127.0.0.1:6379).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

async function start(dataDir) {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, REDIS_PREFIX: `ssbench_${port}`, LOG_LEVEL: 'warn', EMBEDDED_PG_PORT: String(await freePort()) };
  delete env.DATABASE_URL;
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'tools/launcher/launch.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited:\n${out}`);
    try {
      if ((await fetch(`${url}/api/health/ready`)).ok) break;
    } catch {
      /* not yet */
    }
    await sleep(20);
  }
  const readyMs = Math.round(performance.now() - t0);
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  };
  return { url, child, readyMs, stop };
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
}

function childPid(parent, script) {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.includes(script));
  return Number(line.trim().split(/\s+/)[0]);
}

async function fixedRate(url, headers, rate, seconds) {
  const latencies = [];
  const total = rate * seconds;
  const t0 = performance.now();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inflight.push(
      (async () => {
        const s = performance.now();
        const r = await fetch(url, { headers });
        await r.arrayBuffer();
        if (!r.ok) throw new Error(`status ${r.status}`);
        latencies.push(performance.now() - s);
      })(),
    );
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  const pct = (p) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] * 10) / 10;
  return { p50Ms: pct(50), p95Ms: pct(95), p99Ms: pct(99) };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'soulspot-bench-'));
  const first = await start(dataDir);
  const firstStartReadyMs = first.readyMs;
  await first.stop();

  const app = await start(dataDir);
  try {
    const onboard = await fetch(`${app.url}/api/auth/onboarding`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'benchmark password' }) });
    const cookie = onboard.headers.getSetCookie()[0].split(';')[0];
    const key = (await (await fetch(`${app.url}/api/auth/api-key`, { headers: { cookie } })).json()).apiKey;
    const headers = { 'X-Api-Key': key };
    const endpoint = `${app.url}/api/system/self-check`;
    // A few rows so the list endpoint does real work.
    const csrf = (await (await fetch(`${app.url}/api/auth/session`, { headers: { cookie } })).json()).csrfToken;
    for (let i = 0; i < 10; i++) await fetch(endpoint, { method: 'POST', headers });
    void csrf;

    await sleep(10_000);
    const apiRssMb = rssMb(childPid(app.child.pid, 'apps/api/main.js'));
    const workerRssMb = rssMb(childPid(app.child.pid, 'apps/worker/main.js'));

    const cannon = await autocannon({ url: endpoint, headers, connections: 10, duration: 10 });
    const rps = Math.round(cannon.requests.average);
    if (cannon.non2xx > 0) throw new Error(`${cannon.non2xx} non-2xx answers during the load test`);
    const lat = await fixedRate(endpoint, headers, 200, 15);
    process.stdout.write(JSON.stringify({ readyMs: app.readyMs, firstStartReadyMs, apiRssMb, workerRssMb, rps, ...lat }) + '\n');
  } finally {
    await app.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
