import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, DownloadDetail, ImportRecord, Page } from '@soulspot/shared/contracts';
import { createTestDatabase, HttpSession } from '@soulspot/api/testing';
import { startFakeSlskd, type FakeSlskd } from '@soulspot/fakes';
import { freePort, RunningApp, RunningWorker, startApp, startWorker } from './support/app-process';

jest.setTimeout(180_000);

const PASSWORD = 'a long enough password';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every file of a folder tree (relative paths). */
function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

/**
 * The acquisition engine in the built processes, as a user runs them: api and worker as separate
 * processes, the real PostgreSQL and Redis, the fake slskd over HTTP. A wanted track is searched,
 * downloaded, verified and imported; the worker is killed with SIGKILL in the middle of the transfer
 * and a new worker finishes the job without a second transfer and without losing anything.
 */
describe('download engine: kill -9 of the worker mid-download (built processes, fake slskd)', () => {
  let fake: FakeSlskd;
  let app: RunningApp;
  let worker: RunningWorker;
  let drop: () => Promise<void>;
  let admin: HttpSession;
  let databaseUrl: string;
  let dataDir: string;
  let redisPrefix: string;

  const enqueues = () =>
    Object.entries(fake.control.requestCounts())
      .filter(([k]) => k.startsWith('POST /api/v0/transfers/downloads'))
      .reduce((n, [, c]) => n + c, 0);

  async function waitForDownload(id: string, pred: (d: Download) => boolean, what: string, timeoutMs = 90_000): Promise<Download> {
    const deadline = Date.now() + timeoutMs;
    let last: Download | undefined;
    for (;;) {
      const res = await admin.get<Download>(`/api/downloads/${id}`);
      if (res.status === 200) {
        last = res.body;
        if (pred(last)) return last;
      }
      if (Date.now() > deadline) throw new Error(`download never became ${what}; last: ${JSON.stringify(last)}\nworker:\n${worker.output().slice(-4000)}`);
      await sleep(150);
    }
  }

  beforeAll(async () => {
    const db = await createTestDatabase('e2e-downloads');
    drop = db.drop;
    databaseUrl = db.url;
    dataDir = mkdtempSync(join(tmpdir(), 'soulspot-e2e-downloads-'));
    redisPrefix = `sse2e_dl_${await freePort()}`;
    // One slow peer (≈ 1.5 MB/s for a ≈ 21 MB FLAC: a transfer of ≈ 14 s) so the kill lands mid-transfer.
    fake = await startFakeSlskd({
      catalogue: {
        peers: [
          {
            username: 'slowpoke',
            uploadSpeed: 1_500_000,
            queueLength: 0,
            hasFreeUploadSlot: true,
            files: [{ path: '@@slow\\Music\\The Velvet Foxes\\Neon Boulevard (2009)\\02 - Runaway Tonight.flac', size: 21_000_000, length: 187, bitDepth: 16, sampleRate: 44100 }],
          },
        ],
      },
      timing: { searchResponseDelayMs: [20, 80], maxTransferMs: 20_000, progressIntervalMs: 250, fileMoveDelayMs: 200 },
    });
    worker = startWorker({ databaseUrl, redisPrefix, dataDir });
    app = await startApp({ databaseUrl, env: { APP_ROLE: 'api', REDIS_PREFIX: redisPrefix, DATA_DIR: dataDir } });
    admin = new HttpSession(app.url);
    const onboard = await admin.post<{ csrfToken: string }>('/api/auth/onboarding', { username: 'admin', password: PASSWORD });
    admin.csrfToken = onboard.body.csrfToken;
    const saved = await admin.request('PUT', '/api/settings/slskd', {
      json: { url: fake.url, apiKey: fake.apiKey, downloadsPathRemote: fake.downloadsDir, downloadsPathLocal: fake.downloadsDir, searchMinGapMs: 0 },
    });
    expect(saved.status).toBe(200);
  });

  afterAll(async () => {
    worker?.process.kill('SIGTERM');
    await worker?.exited;
    await app?.stop('SIGTERM');
    await fake?.close();
    await drop?.();
  });

  it('searches, downloads, survives SIGKILL of the worker mid-transfer, verifies once and hands the file to the import', async () => {
    const created = await admin.post<{ created: number; items: Download[] }>('/api/downloads', { track: { artist: 'The Velvet Foxes', title: 'Runaway Tonight', album: 'Neon Boulevard', durationMs: 187_000 } });
    expect(created.status).toBe(201);
    expect(created.body.created).toBe(1);
    const id = created.body.items[0].id;

    const running = await waitForDownload(id, (d) => d.state === 'downloading' && d.percent > 5 && d.percent < 60, 'downloading (5–60 %)');
    expect(running.username).toBe('slowpoke');
    expect(enqueues()).toBe(1);

    // kill -9: no shutdown hook runs, BullMQ's lock on the running job is simply left to expire.
    worker.process.kill('SIGKILL');
    expect(await worker.exited).toBe('SIGKILL');
    await sleep(3_000); // the transfer carries on inside slskd meanwhile

    worker = startWorker({ databaseUrl, redisPrefix, dataDir });
    const done = await waitForDownload(id, (d) => d.state === 'done' || d.state === 'failed', 'finished');
    expect(done.state).toBe('done');
    expect(done.localPath).toBeTruthy();

    // Exactly one transfer was ever requested, one attempt recorded, one file landed.
    expect(enqueues()).toBe(1);
    const detail = await admin.get<DownloadDetail>(`/api/downloads/${id}`);
    expect(detail.body.attempts.map((a) => a.outcome)).toEqual(['succeeded']);

    // The verified download became one import (the automation hand-off), which runs to the end.
    const deadline = Date.now() + 60_000;
    let imports: ImportRecord[] = [];
    for (;;) {
      imports = (await admin.get<Page<ImportRecord>>('/api/imports?page=1&pageSize=10')).body.items;
      if (imports.length && imports.every((i) => i.status === 'done' || i.status === 'failed')) break;
      if (Date.now() > deadline) throw new Error(`import did not finish: ${JSON.stringify(imports)}`);
      await sleep(250);
    }
    expect(imports).toHaveLength(1);
    expect(imports[0].sourcePath).toBe(done.localPath);
    expect(imports[0].status).toBe('done');
    expect(existsSync(imports[0].resultPath as string)).toBe(true);
    // The one landed file moved into the library: nothing left behind in slskd's folder, nothing fetched twice.
    expect(filesUnder(fake.downloadsDir).filter((f) => f.endsWith('.flac'))).toEqual([]);
    expect(existsSync(done.localPath as string)).toBe(false);
  });
});
