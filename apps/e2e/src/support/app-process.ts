import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const workspaceRoot = resolve(__dirname, '../../../..');

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

export interface RunningApp {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  /** Resolves with the exit code once the launcher and its children are gone. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * Starts SoulSpot exactly as a user does after `npm run build`: the launcher with the built api and
 * worker. Without databaseUrl it uses the embedded PostgreSQL under a fresh data folder.
 */
export async function startApp(opts: { databaseUrl?: string; env?: Record<string, string>; readyTimeoutMs?: number } = {}): Promise<RunningApp> {
  // A caller that needs the URL before start (e.g. PUBLIC_URL for an OAuth redirect) passes PORT itself.
  const port = opts.env?.['PORT'] ? Number(opts.env['PORT']) : await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'soulspot-e2e-'));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    REDIS_PREFIX: `sse2e_${port}`,
    LOG_LEVEL: 'info',
    EMBEDDED_PG_PORT: String(await freePort()),
    ...opts.env,
  };
  delete env['DATABASE_URL'];
  if (opts.databaseUrl) env['DATABASE_URL'] = opts.databaseUrl;
  const child = spawn(process.execPath, [join(workspaceRoot, 'tools/launcher/launch.mjs')], { cwd: workspaceRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`SoulSpot exited during start (code ${child.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${url}/api/health/ready`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`SoulSpot was not ready within the timeout:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dataDir,
    process: child,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A server-sent event stream read over real HTTP, as the browser's EventSource would. */
export class EventStream<T extends { type: string }> {
  readonly events: T[] = [];
  private waiters: { pred: (e: T) => boolean; resolve: (e: T) => void }[] = [];
  private constructor(private readonly controller: AbortController) {}

  static async open<T extends { type: string }>(url: string, headers: Record<string, string>): Promise<EventStream<T>> {
    const controller = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
    if (!res.ok || !res.body) throw new Error(`event stream answered ${res.status}`);
    const stream = new EventStream<T>(controller);
    void stream.pump(res.body as unknown as AsyncIterable<Uint8Array>);
    return stream;
  }

  private async pump(body: AsyncIterable<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let idx: number;
        while ((idx = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          if (!data) continue;
          const event = JSON.parse(data) as T;
          this.events.push(event);
          this.waiters = this.waiters.filter((w) => (w.pred(event) ? (w.resolve(event), false) : true));
        }
      }
    } catch {
      // aborted
    }
  }

  waitFor(pred: (e: T) => boolean, timeoutMs = 30_000): Promise<T> {
    const seen = this.events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; saw: ${this.events.map((e) => e.type).join(', ')}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }

  close(): void {
    this.controller.abort();
  }
}

export interface RunningWorker {
  process: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string | null>;
}

/**
 * Starts the built worker process on its own (no launcher), so a test can `kill -9` exactly the worker
 * and start another one against the same database, Redis prefix and data folder.
 */
export function startWorker(env: { databaseUrl: string; redisPrefix: string; dataDir: string; extra?: Record<string, string> }): RunningWorker {
  const child = spawn(process.execPath, [join(workspaceRoot, 'dist/apps/worker/main.js')], {
    cwd: workspaceRoot,
    env: {
      ...(process.env as Record<string, string>),
      APP_ROLE: 'worker',
      DATABASE_URL: env.databaseUrl,
      REDIS_PREFIX: env.redisPrefix,
      DATA_DIR: env.dataDir,
      LOG_LEVEL: 'info',
      ...env.extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string | null>((r) => child.on('exit', (code, signal) => r(code ?? signal)));
  return { process: child, output: () => out, exited };
}
