import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CoreModule, JobName, JobQueue, QueueName, jobId } from '@soulspot/api/core';
import { DatabaseModule } from '@soulspot/api/database';
import { LibraryModule } from '@soulspot/api/library';
import { PlatformModule } from '@soulspot/api/platform';
import { ALL_ENTITIES } from '@soulspot/api/schema';
import {
  CircuitBreaker,
  DownloadEngine,
  DownloadRepository,
  DownloadSettingsService,
  DownloadsService,
  DownloadVerifyProcessor,
  SlskdSettingsService,
  SoulseekModule,
  SoulseekSearchService,
} from '@soulspot/api/soulseek';
import { createTestDatabase, testConfig, testRedisPrefix } from '@soulspot/api/testing';
import { startFakeSlskd, type FakeSlskd, type FakeSlskdFile, type FakeSlskdPeer } from '@soulspot/fakes';

/**
 * Album mode of the download engine (MATCHING.md "Album mode"), tick by tick against the fake slskd over
 * HTTP with real PostgreSQL and Redis, as downloads-engine.int-spec.ts. Each scenario has its own album.
 *
 * albert shares whole albums in one FLAC folder but is slow; bianca and carol are fast and share a few
 * tracks of each album (also FLAC, in album folders), so per track they rank first.
 */
jest.setTimeout(60_000);

const ARTIST = 'Juniper Vale';
const ALBUMS: Record<string, string[]> = {
  'Northern Lights': ['Aurora', 'Polar Night', 'Ice Road', 'Midnight Sun'],
  'Red Canyon': ['Dry Creek', 'Mesa Top', 'Sandstone', 'Coyote Call'],
  'Salt Flats': ['White Plain', 'Mirage', 'Tumbleweed', 'Heat Haze'],
  'Ash Valley': ['Cinder Path', 'Smoke Signal', 'Ember Field', 'Charcoal Sky'],
  'Fern Hollow': ['Moss Bank', 'Dew Drop', 'Lichen Wall', 'Spore Cloud'],
  'Pine Ridge': ['Needle Bed', 'Resin Drip', 'Cone Fall', 'Bark Beetle'],
  'Birch Grove': ['White Bark', 'Catkin', 'Sap Rise', 'Leaf Litter'],
};

function flac(user: string, album: string, title: string, n: number, offset: number): FakeSlskdFile {
  const nn = String(n).padStart(2, '0');
  return { path: `@@${user}\\Music\\${ARTIST}\\2020 - ${album}\\${nn} - ${title}.flac`, size: 900_000 + offset * 100 + n, length: 4, sampleRate: 44100, bitDepth: 16 };
}

/** Which track numbers (1-based) of which album each peer shares. */
function sharer(username: string, uploadSpeed: number, offset: number, shares: Record<string, number[]>): FakeSlskdPeer {
  return {
    username,
    uploadSpeed,
    queueLength: 0,
    hasFreeUploadSlot: true,
    responseDelayMs: 20,
    files: Object.entries(shares).flatMap(([album, numbers]) => numbers.map((n) => flac(username, album, ALBUMS[album][n - 1], n, offset))),
  };
}

const PEERS: FakeSlskdPeer[] = [
  // Whole albums (but not Red Canyon at all, and only the first three tracks of Ash Valley and Fern Hollow).
  sharer('albert', 40_000, 1, { 'Birch Grove': [1, 2, 3, 4], 'Pine Ridge': [1, 2, 3, 4], 'Northern Lights': [1, 2, 3, 4], 'Salt Flats': [1, 2, 3, 4], 'Ash Valley': [1, 2, 3], 'Fern Hollow': [1, 2, 3] }),
  sharer('bianca', 5_000_000, 2, { 'Birch Grove': [1, 2], 'Pine Ridge': [3, 4], 'Northern Lights': [1, 2], 'Red Canyon': [1, 2], 'Salt Flats': [1, 2], 'Ash Valley': [1, 2], 'Fern Hollow': [1, 2] }),
  sharer('carol', 5_000_000, 3, { 'Birch Grove': [3, 4], 'Northern Lights': [3, 4], 'Red Canyon': [3, 4], 'Salt Flats': [3, 4], 'Ash Valley': [3, 4], 'Fern Hollow': [4] }),
];

@Module({})
class AlbumTestModule {}

describe('download engine: album mode (tick by tick against the fake slskd)', () => {
  let ctx: INestApplicationContext;
  let drop: () => Promise<void>;
  let fake: FakeSlskd;
  let db: DataSource;
  let engine: DownloadEngine;
  let downloads: DownloadsService;
  let repo: DownloadRepository;
  let searches: SoulseekSearchService;
  let settings: DownloadSettingsService;
  let jobs: JobQueue;
  let downloadsDir: string;

  const posts = (route: string) => fake.control.requestCounts()[route] ?? 0;
  const ENQUEUE = 'POST /api/v0/transfers/downloads/:username';
  const BROWSE = 'POST /api/v0/users/:username/directory';

  beforeAll(async () => {
    downloadsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'album-int-'));
    fake = await startFakeSlskd({
      catalogue: { peers: PEERS },
      downloadsDir,
      retryAttempts: 0,
      timing: {
        searchResponseDelayMs: [10, 40],
        searchPostLatencyMs: 10,
        searchFinalizeDelayMs: 20,
        searchCountIntervalMs: 30,
        enqueueLatencyMs: 5,
        transferStepMs: 30,
        remoteQueueStepMs: 150,
        progressIntervalMs: 40,
        maxTransferMs: 250,
        fileMoveDelayMs: 40,
        enqueueAckTimeoutMs: 20_000,
        cancelDelayMs: 20,
        retryBackoffMs: 150,
      },
    });
    const d = await createTestDatabase('worker_downloads_album');
    drop = d.drop;
    const config = { ...testConfig({ redisPrefix: testRedisPrefix('worker_downloads_album'), role: 'worker' }), databaseUrl: d.url };
    ctx = await NestFactory.createApplicationContext(
      {
        module: AlbumTestModule,
        imports: [
          CoreModule.forRoot(config),
          DatabaseModule.forRoot({ url: config.databaseUrl, entities: ALL_ENTITIES }),
          PlatformModule.forWorker(),
          LibraryModule.forWorker(),
          SoulseekModule.forWorker(),
        ],
      },
      { logger: ['error'] },
    );
    await ctx.init();
    db = ctx.get<DataSource>(getDataSourceToken());
    engine = ctx.get(DownloadEngine);
    downloads = ctx.get(DownloadsService);
    repo = ctx.get(DownloadRepository);
    searches = ctx.get(SoulseekSearchService);
    settings = ctx.get(DownloadSettingsService);
    jobs = ctx.get(JobQueue);
    engine.options = { ...engine.options, lostGraceMs: 10_000, verifyWaitMs: 3_000 };
    ctx.get(CircuitBreaker).config = { threshold: 2, baseOpenMs: 400, maxOpenMs: 1_000 };
    await ctx.get(SlskdSettingsService).update({
      url: fake.url,
      apiKey: fake.apiKey,
      downloadsPathLocal: downloadsDir,
      downloadsPathRemote: downloadsDir,
      searchesPerWindow: 200,
      searchWindowSeconds: 1,
      searchMinGapMs: 0,
      searchTimeoutMs: 200,
    });
  });

  beforeEach(async () => {
    fake.control.clearTransferFaults();
    for (const p of PEERS) fake.control.setUserOnline(p.username, true);
    await settings.update({
      maxActive: 4,
      maxPerUser: 2,
      maxSearching: 6,
      maxAttempts: 8,
      enqueueTimeoutSeconds: 60,
      remoteQueueTimeoutMinutes: 10,
      stallTimeoutSeconds: 60,
      maxAttemptMinutes: 10,
      retryBaseSeconds: 1,
      autoBlockAfterFailures: 0,
      verifyDecode: false,
    });
    await settings.setQueuePaused(false);
  });

  afterAll(async () => {
    await ctx?.close();
    await drop?.();
    await fake?.close();
    await fs.rm(downloadsDir, { recursive: true, force: true });
  });

  // ------------------------------------------------------------------ driving helpers

  async function addAlbum(album: string): Promise<string[]> {
    const ids: string[] = [];
    for (const title of ALBUMS[album]) {
      const res = await downloads.create({ track: { artist: ARTIST, title, album, durationMs: 4_000 } });
      expect(res.created).toBe(1);
      ids.push(res.items[0].id);
    }
    return ids;
  }

  async function step(): Promise<void> {
    await engine.tick();
    const searching = await db.query(`SELECT d.search_id AS id FROM downloads d JOIN soulseek_searches s ON s.id = d.search_id WHERE d.state = 'searching' AND s.status = 'queued'`);
    for (const { id } of searching as { id: string }[]) await runSearch(id);
    const verifying = (await db.query(`SELECT id, current_attempt_id AS attempt FROM downloads WHERE state = 'verifying'`)) as { id: string; attempt: string }[];
    for (const v of verifying) {
      const job = await jobs.queue(QueueName.Downloads).getJob(jobId(JobName.DownloadVerify, v.attempt));
      if (job) await ctx.get(DownloadVerifyProcessor).handle(job.data as { downloadId: string; attemptId: string }, job);
    }
  }

  async function runSearch(id: string): Promise<void> {
    for (;;) {
      try {
        await searches.run(id);
        return;
      } catch (e) {
        const wait = (e as { waitMs?: number }).waitMs;
        if (wait === undefined) throw e;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  async function row(id: string) {
    const r = await repo.findById(id);
    if (!r) throw new Error(`download ${id} is gone`);
    return r;
  }

  /** Searches of the rows done, nothing dispatched yet (the next tick dispatches them all together). */
  async function searched(ids: string[]): Promise<void> {
    await step();
    for (const id of ids) {
      const r = await row(id);
      expect(r.state).toBe('searching');
      expect(r.attemptCount).toBe(0);
    }
  }

  async function allFinished(ids: string[], timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await step();
      const rows = await Promise.all(ids.map(row));
      if (rows.every((r) => r.state === 'done' || r.state === 'failed')) return rows;
      if (Date.now() > deadline) throw new Error(`not finished: ${rows.map((r) => `${r.title}=${r.state} (${r.message ?? ''})`).join(', ')}`);
      await new Promise((res) => setTimeout(res, 40));
    }
  }

  const attempts = (id: string) => repo.attemptsOf(id).then((a) => a.reverse());

  /** The username of the best-ranked accepted candidate of each row's search (what per-track picking takes first). */
  async function firstRanked(ids: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const id of ids) {
      const r = await row(id);
      const cands = await repo.acceptedCandidates(r.searchId ?? '');
      out.push(cands[0]?.username ?? '');
    }
    return out;
  }

  // ------------------------------------------------------------------ scenarios

  it('four tracks of one album: all come from the one peer with the whole album, in one enqueue, though single files rank higher', async () => {
    const ids = await addAlbum('Northern Lights');
    await searched(ids);
    // Per track, bianca and carol (fast) rank first: album mode is what picks albert.
    expect(await firstRanked(ids)).toEqual(['bianca', 'bianca', 'carol', 'carol']);
    const enqueuesBefore = posts(ENQUEUE);
    const browsesBefore = posts(BROWSE);
    // This tick sees the searches done and dispatches all four.
    const report = await engine.tick();
    expect(report.started).toBe(4);
    const queued = await Promise.all(ids.map(row));
    expect(queued.map((r) => r.state)).toEqual(['queued', 'queued', 'queued', 'queued']);
    expect(queued.map((r) => r.username)).toEqual(['albert', 'albert', 'albert', 'albert']);
    expect(queued.map((r) => r.filename?.split('\\').slice(0, -1).join('\\'))).toEqual(Array(4).fill(`@@albert\\Music\\${ARTIST}\\2020 - Northern Lights`));
    // One enqueue call for the four files: album mode goes beyond maxPerUser (2) up to the album's size, within maxActive (4).
    expect(posts(ENQUEUE) - enqueuesBefore).toBe(1);
    // Every track was covered by the searches: nothing to browse.
    expect(posts(BROWSE) - browsesBefore).toBe(0);
    // Each row got its own attempt, written with the album-mode note before slskd was asked.
    for (const id of ids) {
      const a = await attempts(id);
      expect(a).toHaveLength(1);
      expect(a[0]).toMatchObject({ outcome: 'running', username: 'albert' });
      expect(a[0].detail).toBe(`album mode: 4 of 4 tracks of this album from albert's folder "2020 - Northern Lights"`);
    }
    const done = await allFinished(ids);
    expect(done.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done']);
    for (const id of ids) {
      const a = await attempts(id);
      expect(a).toHaveLength(1);
      expect(a[0]).toMatchObject({ outcome: 'succeeded', username: 'albert' });
      // The detail still says where the file came from after the attempt ended.
      expect(a[0].detail).toMatch(/^album mode: 4 of 4 tracks of this album from albert's folder "2020 - Northern Lights" · flac, 4 s$/);
    }
    // What the Downloads detail (GET /api/downloads/:id) shows.
    const detail = await downloads.detail(ids[0]);
    expect(detail.attempts.map((x) => x.detail)).toEqual([expect.stringMatching(/^album mode: 4 of 4 tracks/)]);
  });

  it('limits: album mode may exceed maxPerUser, never maxActive; tracks left over when fewer than three remain go per track', async () => {
    await settings.update({ maxActive: 2, maxPerUser: 1 });
    const ids = await addAlbum('Pine Ridge');
    await searched(ids);
    const enqueuesBefore = posts(ENQUEUE);
    expect((await engine.tick()).started).toBe(2);
    expect(posts(ENQUEUE) - enqueuesBefore).toBe(1);
    const first = await Promise.all(ids.map(row));
    expect(first.map((r) => [r.state, r.username])).toEqual([
      ['queued', 'albert'],
      ['queued', 'albert'],
      ['wanted', null],
      ['wanted', null],
    ]);
    expect((await attempts(ids[0]))[0].detail).toMatch(/^album mode: 2 of 4 tracks/);
    // (From here on two per peer, so the per-track rest is deterministic.)
    await settings.update({ maxPerUser: 2 });
    const done = await allFinished(ids);
    expect(done.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done']);
    // The last two are no longer an album group (fewer than three waiting): per track, the fast peer first.
    expect(done.map((r) => r.username)).toEqual(['albert', 'albert', 'bianca', 'bianca']);
    for (const id of ids.slice(2)) expect((await attempts(id))[0].detail).not.toMatch(/album mode/);
  });

  it('slskd refusing the album enqueue undoes every attempt (nothing burnt); the next try is album mode again', async () => {
    const ids = await addAlbum('Birch Grove');
    await searched(ids);
    const enqueuesBefore = posts(ENQUEUE);
    fake.control.failRequests({ pathPrefix: '/api/v0/transfers/downloads', method: 'POST', status: 500, times: 1 });
    expect((await engine.tick()).outcome).toBe('slskd_unavailable');
    const undone = await Promise.all(ids.map(row));
    expect(undone.map((r) => [r.state, r.attemptCount])).toEqual(Array(4).fill(['wanted', 0]));
    const done = await allFinished(ids);
    // The fake counts only requests that reached a route (not the refused one): one album enqueue, no per-track ones.
    expect(posts(ENQUEUE) - enqueuesBefore).toBe(1);
    expect(done.map((r) => [r.state, r.username])).toEqual(Array(4).fill(['done', 'albert']));
    for (const id of ids) {
      const a = await attempts(id);
      expect(a.map((x) => [x.username, x.outcome, x.reason])).toEqual([
        ['albert', 'cancelled', 'slskd_error'],
        ['albert', 'succeeded', null],
      ]);
      expect(a.every((x) => x.detail?.startsWith('album mode: 4 of 4'))).toBe(true);
    }
  });

  /** `albums` albums of 4 waiting rows whose searches are done, each album in its own folder at albert (files the fake does not share: only the tick is measured). */
  async function seedWaiting(tag: string, albums: number, asAlbums: boolean): Promise<string[]> {
    const ids: string[] = [];
    for (let a = 0; a < albums; a++) {
      for (let t = 0; t < 4; t++) {
        const title = `${tag} Song ${a}-${t}`;
        const [search] = await db.query(
          `INSERT INTO soulseek_searches (status, artist, title, profile, steps, accepted_count, rejected_count, finished_at)
           VALUES ('done', $1, $2, 'lossless-preferred', '[]', 1, 0, now()) RETURNING id`,
          [ARTIST, title],
        );
        await db.query(
          `INSERT INTO soulseek_search_candidates (search_id, accepted, position, username, filename, size, length_seconds, upload_speed, queue_length, has_free_upload_slot, reasons, band, quality_tier, avail_class, availability)
           VALUES ($1, true, 0, 'albert', $2, $3, 4, 40000, 0, true, '[]', 1, 0, 1, 50)`,
          [search.id, `@@albert\\Music\\${ARTIST}\\${tag} Album ${a}\\0${t + 1} - ${title}.flac`, 900_000 + t],
        );
        const [d] = await db.query(
          `INSERT INTO downloads (state, priority, position, artist, title, album, duration_ms, profile, search_id, search_count)
           VALUES ('wanted', 0, $1, $2, $3, $4, 4000, 'lossless-preferred', $5, 1) RETURNING id`,
          [1_000_000 + ids.length, ARTIST, title, asAlbums ? `${tag} Album ${a}` : null, search.id],
        );
        ids.push(d.id);
      }
    }
    return ids;
  }

  it('a tick with 25 albums of 4 waiting starts all 100 with 25 enqueue calls (per track: 100)', async () => {
    await settings.update({ maxActive: 200, maxPerUser: 200 });
    const figures: Record<string, { tickMs: number; enqueues: number; started: number }> = {};
    for (const [tag, asAlbums] of [['Solo', false], ['Album', true]] as const) {
      const ids = await seedWaiting(tag, 25, asAlbums);
      const before = posts(ENQUEUE);
      const report = await engine.tick();
      figures[tag] = { tickMs: report.durationMs, enqueues: posts(ENQUEUE) - before, started: report.started };
      await downloads.batch({ ids, action: 'cancel' });
      await engine.tick();
    }
    expect(figures['Solo']).toMatchObject({ started: 100, enqueues: 100 });
    expect(figures['Album']).toMatchObject({ started: 100, enqueues: 25 });
    if (process.env['ALBUM_FIGURES']) process.stderr.write(`album mode tick figures: ${JSON.stringify(figures)}\n`);
  });

  it('an album no peer has three tracks of goes per track, exactly as before', async () => {
    const ids = await addAlbum('Red Canyon');
    await searched(ids);
    const browsesBefore = posts(BROWSE);
    const done = await allFinished(ids);
    expect(done.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(done.map((r) => r.username)).toEqual(['bianca', 'bianca', 'carol', 'carol']);
    expect(posts(BROWSE)).toBe(browsesBefore);
    for (const id of ids) {
      const a = await attempts(id);
      expect(a).toHaveLength(1);
      expect(a[0].detail).not.toMatch(/album mode/);
    }
  });

  it('a file failing in album mode: that row falls back per track, the others stay with the album', async () => {
    fake.control.setTransferFault({ username: 'albert', filename: 'Mirage.flac' }, { kind: 'reject', message: 'File not shared.' });
    const ids = await addAlbum('Salt Flats');
    await searched(ids);
    const done = await allFinished(ids);
    expect(done.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(done.map((r) => r.username)).toEqual(['albert', 'bianca', 'albert', 'albert']);
    const mirage = await attempts(ids[1]);
    expect(mirage.map((a) => [a.username, a.outcome, a.reason])).toEqual([
      ['albert', 'failed', 'rejected'],
      ['bianca', 'succeeded', null],
    ]);
    expect(mirage[0].detail).toMatch(/^album mode: 4 of 4 .* · .*File not shared\.$/);
    // The fallback is an ordinary per-track attempt.
    expect(mirage[1].detail).not.toMatch(/album mode/);
    for (const id of [ids[0], ids[2], ids[3]]) {
      const a = await attempts(id);
      expect(a.map((x) => [x.username, x.outcome])).toEqual([['albert', 'succeeded']]);
      expect(a[0].detail).toMatch(/^album mode: 4 of 4/);
    }
  });

  it('a track the folder lacks: the folder is browsed, the three it has come from it together, the fourth goes per track', async () => {
    const ids = await addAlbum('Fern Hollow');
    await searched(ids);
    const browsesBefore = posts(BROWSE);
    const done = await allFinished(ids);
    expect(posts(BROWSE) - browsesBefore).toBe(1);
    expect(done.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(done.map((r) => r.username)).toEqual(['albert', 'albert', 'albert', 'carol']);
    for (const id of ids.slice(0, 3)) expect((await attempts(id))[0].detail).toMatch(/^album mode: 3 of 4 tracks/);
    expect((await attempts(ids[3]))[0].detail).not.toMatch(/album mode/);
  });

  it('browsing the folder fails (the peer went offline): every track goes per track', async () => {
    const ids = await addAlbum('Ash Valley');
    await searched(ids);
    // The searches saw albert; by the time the engine dispatches, albert is gone.
    fake.control.setUserOnline('albert', false);
    const browsesBefore = posts(BROWSE);
    const done = await allFinished(ids);
    expect(posts(BROWSE) - browsesBefore).toBe(1);
    expect(done.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(done.map((r) => r.username)).toEqual(['bianca', 'bianca', 'carol', 'carol']);
    for (const id of ids) {
      const a = await attempts(id);
      expect(a.some((x) => x.username === 'albert')).toBe(false);
      expect(a.every((x) => !/album mode/.test(x.detail ?? ''))).toBe(true);
    }
  });
});
