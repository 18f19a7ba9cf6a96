import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DownloadState } from '@soulspot/shared/contracts';
import { CoreModule, EventBus, JobName, JobQueue, QueueName, jobId } from '@soulspot/api/core';
import { DatabaseModule } from '@soulspot/api/database';
import { LibraryModule } from '@soulspot/api/library';
import { PlatformModule } from '@soulspot/api/platform';
import { ALL_ENTITIES } from '@soulspot/api/schema';
import {
  BlocklistService,
  CircuitBreaker,
  DownloadEngine,
  DownloadRepository,
  DownloadSettingsService,
  DownloadsService,
  DownloadVerifyProcessor,
  SlskdClient,
  SlskdSettingsService,
  SoulseekModule,
  SoulseekSearchService,
} from '@soulspot/api/soulseek';
import { createTestDatabase, testConfig, testRedisPrefix } from '@soulspot/api/testing';
import { startFakeSlskd, type FakeSlskd, type FakeSlskdPeer } from '@soulspot/fakes';

/**
 * The download engine driven tick by tick (real PostgreSQL, real Redis, the fake slskd over HTTP with
 * timings in tens of ms): searches run through the real search service, landed files through the real
 * verifier via its job processor. Each scenario uses its own track so candidate history never leaks.
 */
jest.setTimeout(60_000);

const ARTIST = 'Mara Quinn';
const ALBUM = 'Glass Houses';
const TITLES = [
  'Undertow',
  'Lantern',
  'Harbor Lights',
  'Paper Moon',
  'Slow River',
  'Second Wind',
  'Long Road',
  'Fresh Start',
  'Quiet Hours',
  'Night Drive',
  'Blue Hour',
  'Cold Creek',
  'Open Water',
  'Stone Garden',
  'Last Light',
  'Silver Lining',
  'High Tide',
  'Wild Rose',
  'Morning Star',
  'Dust Bowl',
  'Ember Glow',
  'Falling Snow',
  'River Song',
  'Paper Planes',
  'Quiet Storm',
  'Glass Rain',
];

const peer = (username: string, kind: 'flac+mp3' | 'mp3'): FakeSlskdPeer => ({
  username,
  uploadSpeed: 2_000_000,
  queueLength: 0,
  hasFreeUploadSlot: true,
  responseDelayMs: 20,
  files: TITLES.flatMap((title, i) => {
    const n = String(i + 1).padStart(2, '0');
    const dir = `@@${username}\\Music\\${ARTIST}\\2018 - ${ALBUM}`;
    const mp3 = { path: `${dir}\\${n} - ${title}.mp3`, size: 160_000 + i, length: 4, bitRate: 320 };
    // One upload that is not what it claims: its header says 4 s, the audio lasts 30 s.
    const actualDurationSeconds = title === 'Morning Star' ? 30 : undefined;
    return kind === 'mp3' ? [mp3] : [{ path: `${dir}\\${n} - ${title}.flac`, size: 900_000 + i, length: 4, actualDurationSeconds, sampleRate: 44100, bitDepth: 16 }, mp3];
  }),
});

@Module({})
class EngineTestModule {}

describe('download engine (tick by tick against the fake slskd)', () => {
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
  let client: SlskdClient;
  let downloadsDir: string;

  const enqueuePosts = () => Object.entries(fake.control.requestCounts()).filter(([k]) => k === 'POST /api/v0/transfers/downloads/:username').reduce((n, [, v]) => n + v, 0);

  beforeAll(async () => {
    downloadsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'engine-int-'));
    fake = await startFakeSlskd({
      catalogue: { peers: [peer('alice', 'flac+mp3'), peer('bob', 'mp3'), peer('carol', 'mp3')] },
      downloadsDir,
      retryAttempts: 3,
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
    const d = await createTestDatabase('worker_downloads');
    drop = d.drop;
    const config = { ...testConfig({ redisPrefix: testRedisPrefix('worker_downloads'), role: 'worker' }), databaseUrl: d.url };
    // The worker's modules without its BullMQ consumers and schedules: the test is the scheduler.
    ctx = await NestFactory.createApplicationContext(
      {
        module: EngineTestModule,
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
    engine.options = { ...engine.options, lostGraceMs: 1_000, verifyWaitMs: 3_000 };
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
    client = new SlskdClient({ baseUrl: fake.url, apiKey: fake.apiKey });
  });

  beforeEach(async () => {
    fake.control.clearTransferFaults();
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

  async function addTrack(title: string, extra: { priority?: number; album?: string } = {}): Promise<string> {
    const { album = ALBUM, ...rest } = extra;
    const res = await downloads.create({ track: { artist: ARTIST, title, album, durationMs: 4_000 }, ...rest });
    expect(res.created).toBe(1);
    return res.items[0].id;
  }

  /** One engine pass plus what the worker's other jobs would do: run searches the engine queued, verify landed files. */
  async function step(): Promise<void> {
    await engine.tick();
    const searching = await db.query(`SELECT d.search_id AS id FROM downloads d JOIN soulseek_searches s ON s.id = d.search_id WHERE d.state = 'searching' AND s.status = 'queued'`);
    for (const { id } of searching as { id: string }[]) await runSearch(id);
    const verifying = (await db.query(`SELECT id, current_attempt_id AS attempt FROM downloads WHERE state = 'verifying'`)) as { id: string; attempt: string }[];
    for (const v of verifying) {
      const job = await jobs.queue(QueueName.Downloads).getJob(jobId(JobName.DownloadVerify, v.attempt));
      expect(job).toBeDefined();
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

  async function until(id: string, done: (r: Awaited<ReturnType<typeof row>>) => boolean, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    const seen: DownloadState[] = [];
    for (;;) {
      await step();
      const r = await row(id);
      if (seen[seen.length - 1] !== r.state) seen.push(r.state);
      if (done(r)) return { row: r, seen };
      if (Date.now() > deadline) throw new Error(`download ${id} stuck in ${r.state} (${r.message ?? ''}); states ${seen.join(' → ')}`);
      await new Promise((res) => setTimeout(res, 40));
    }
  }

  const attempts = (id: string) => repo.attemptsOf(id).then((a) => a.reverse());
  const transferOnSlskd = async (username: string, id: string) => client.getDownload(username, id);

  // ------------------------------------------------------------------ scenarios

  it('happy path: search → queued → downloading → verifying → done, with the file handed on', async () => {
    const published: DownloadState[] = [];
    const target = { id: '' };
    const sub = ctx.get(EventBus).on('download.updated').subscribe((e) => {
      if (e.payload.id === target.id && published[published.length - 1] !== e.payload.state) published.push(e.payload.state);
    });
    await new Promise((r) => setTimeout(r, 150));
    const id = (target.id = await addTrack('Undertow'));
    const { row: done } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(done.state).toBe('done');
    await new Promise((r) => setTimeout(r, 200));
    sub.unsubscribe();
    // Live events show every step (downloading may be skipped by a transfer faster than a tick).
    expect(published.filter((s) => s !== 'downloading').slice(-5)).toEqual(['searching', 'wanted', 'queued', 'verifying', 'done']);
    expect(done.username).toBe('alice');
    expect(done.filename).toMatch(/Undertow\.flac$/);
    expect(done.localPath).toBeTruthy();
    await expect(fs.stat(done.localPath ?? '')).resolves.toBeTruthy();
    expect(done.localPath?.startsWith(downloadsDir)).toBe(true);
    const a = await attempts(id);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ outcome: 'succeeded', username: 'alice' });
    expect(a[0].transferId).toBeTruthy();
    const handedOn = await jobs.queue(QueueName.Automation).getJob(jobId(JobName.DownloadVerified, id));
    expect(handedOn?.data).toEqual({ downloadId: id });
  });

  it('a rejection moves to the next candidate from another peer first', async () => {
    fake.control.setTransferFault({ username: 'alice', filename: 'Lantern' }, { kind: 'reject', message: 'File not shared.' });
    const id = await addTrack('Lantern');
    const { row: done } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(done.state).toBe('done');
    const a = await attempts(id);
    expect(a.map((x) => [x.username, x.outcome, x.reason])).toEqual([
      ['alice', 'failed', 'rejected'],
      // alice also shares an mp3 of it, ranked second, but another peer goes first.
      [expect.not.stringMatching(/^alice$/), 'succeeded', null],
    ]);
    expect(a[0].detail).toMatch(/File not shared/);
  });

  it('a stalled transfer is cancelled on slskd and the next candidate is tried', async () => {
    await settings.update({ stallTimeoutSeconds: 1 });
    fake.control.setTransferFault({ username: 'alice', filename: 'Harbor Lights.flac' }, { kind: 'stall', atPercent: 30 });
    const id = await addTrack('Harbor Lights');
    const { row: done } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(done.state).toBe('done');
    const a = await attempts(id);
    expect(a.map((x) => [x.username, x.reason])).toEqual([
      ['alice', 'stalled'],
      [expect.not.stringMatching(/^alice$/), null],
    ]);
    const stalled = await transferOnSlskd('alice', a[0].transferId ?? '');
    expect(stalled.rawState).toBe('Completed, Cancelled');
    // The engine tidies slskd's list: records of attempts it is done with are removed.
    await step();
    expect((await client.getDownloads()).some((t) => t.id === a[0].transferId)).toBe(false);
    expect((await transferOnSlskd('alice', a[0].transferId ?? '')).removed).toBe(true);
  });

  it('an unacknowledged request times out (enqueue timer) and moves on', async () => {
    await settings.update({ enqueueTimeoutSeconds: 1 });
    fake.control.setTransferFault({ username: 'alice', filename: 'Paper Moon.flac' }, { kind: 'enqueueTimeout' });
    const id = await addTrack('Paper Moon');
    const { row: done } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(done.state).toBe('done');
    const a = await attempts(id);
    expect(a.map((x) => [x.username, x.reason])).toEqual([
      ['alice', 'enqueue_timeout'],
      [expect.not.stringMatching(/^alice$/), null],
    ]);
    expect((await transferOnSlskd('alice', a[0].transferId ?? '')).rawState).toBe('Completed, Cancelled');
  });

  it('a remote queue that does not move times out and moves on', async () => {
    await settings.update({ remoteQueueTimeoutMinutes: 1 / 60 });
    fake.control.setTransferFault({ username: 'alice', filename: 'Slow River.flac' }, { kind: 'queue', position: 7, frozen: true });
    const id = await addTrack('Slow River');
    const { row: done, seen } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(done.state).toBe('done');
    expect(seen).toContain('queued');
    const a = await attempts(id);
    expect(a.map((x) => [x.username, x.reason])).toEqual([
      ['alice', 'remote_queue_timeout'],
      [expect.not.stringMatching(/^alice$/), null],
    ]);
  });

  it('slskd 0.26 retrying an errored transfer by itself is not a failed attempt', async () => {
    fake.control.setTransferFault({ username: 'alice', filename: 'Second Wind.flac' }, { kind: 'error', atPercent: 40, message: 'Remote connection closed' });
    const id = await addTrack('Second Wind');
    let sawErrored = false;
    const { row: done } = await until(id, (r) => {
      if (r.transferState?.includes('Errored')) sawErrored = true;
      return r.state === 'done' || r.state === 'failed';
    });
    expect(done.state).toBe('done');
    expect(sawErrored).toBe(true);
    expect(done.attemptCount).toBe(1);
    const a = await attempts(id);
    expect(a.map((x) => [x.username, x.outcome])).toEqual([['alice', 'succeeded']]);
  });

  it('a file that is not what it claims is quarantined and the next candidate is tried', async () => {
    const id = await addTrack('Morning Star');
    const { row: done } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(done.state).toBe('done');
    const a = await attempts(id);
    expect(a.map((x) => [x.username, x.outcome, x.reason])).toEqual([
      ['alice', 'failed', 'verification_failed'],
      [expect.not.stringMatching(/^alice$/), 'succeeded', null],
    ]);
    expect(a[0].quarantinePath).toBeTruthy();
    await expect(fs.stat(a[0].quarantinePath ?? '')).resolves.toBeTruthy();
    expect(done.filename).toMatch(/Morning Star\.mp3$/);
  });

  it('slskd down: the circuit opens, nothing fails, and work resumes by itself when it is back', async () => {
    fake.control.setTransferFault({ username: 'alice', filename: 'Long Road.flac' }, { kind: 'queue', position: 4 });
    const id = await addTrack('Long Road');
    await until(id, (r) => r.state === 'queued' && r.transferId !== null);
    await fake.control.down();
    try {
      const outcomes: string[] = [];
      for (let i = 0; i < 4; i++) outcomes.push((await engine.tick()).outcome);
      expect(outcomes).toEqual(['slskd_unavailable', 'slskd_unavailable', 'circuit_open', 'circuit_open']);
      const status = await downloads.status();
      expect(status.slskd.circuit).toBe('open');
      expect(status.slskd.retryAt).not.toBeNull();
      expect(status.slskd.lastError).toMatch(/unreachable/);
      const waiting = await row(id);
      expect(waiting.state).toBe('queued');
      expect(waiting.failureReason).toBeNull();
    } finally {
      await fake.control.up();
    }
    const { row: done } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(done.state).toBe('done');
    expect(await attempts(id)).toHaveLength(1);
    expect((await downloads.status()).slskd.circuit).toBe('closed');
  });

  it('slskd restarted mid-transfer: the new transfer is found by user+file, nothing is enqueued twice', async () => {
    fake.control.setTransferFault({ username: 'alice', filename: 'Fresh Start.flac' }, { kind: 'queue', position: 4 });
    const id = await addTrack('Fresh Start');
    const { row: queued } = await until(id, (r) => r.state === 'queued' && r.transferId !== null);
    const postsBefore = enqueuePosts();
    await fake.control.restart({ downtimeMs: 200 });
    const { row: done } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(done.state).toBe('done');
    expect(done.transferId === null || done.transferId !== queued.transferId).toBe(true);
    expect(enqueuePosts()).toBe(postsBefore);
    const a = await attempts(id);
    expect(a).toHaveLength(1);
    expect(a[0].outcome).toBe('succeeded');
    expect(a[0].transferId).not.toBe(queued.transferId);
  });

  /** A search run outside the engine and a download pinned to its best candidate, not yet dispatched. */
  async function pinnedDownload(title: string, pick: (c: { username: string; filename: string }) => boolean) {
    const search = await searches.create({ artist: ARTIST, title, album: ALBUM, durationMs: 4_000 });
    await runSearch(search.id);
    const cands = await repo.acceptedCandidates(search.id);
    const cand = cands.find(pick);
    if (!cand) throw new Error(`no candidate for ${title}`);
    const res = await downloads.create({ candidate: { searchId: search.id, candidateId: cand.id } });
    return { id: res.items[0].id, cand };
  }

  it('crash after the decision was written and slskd got the request: reconciled by user+file, no second transfer', async () => {
    await settings.setQueuePaused(true);
    const { id, cand } = await pinnedDownload('Quiet Hours', (c) => c.username === 'alice');
    // What a worker killed between "attempt written" and "transfer id saved" leaves behind.
    await repo.startAttempt(await row(id), cand, 'wanted');
    const sent = await client.enqueueDownloads(cand.username, [{ filename: cand.filename, size: cand.size }]);
    expect(sent.enqueued).toHaveLength(1);
    await settings.setQueuePaused(false);
    const postsBefore = enqueuePosts();
    const { row: done } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(done.state).toBe('done');
    expect(enqueuePosts()).toBe(postsBefore);
    const a = await attempts(id);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ outcome: 'succeeded', transferId: sent.enqueued[0].id });
  });

  it('crash before slskd heard of it: after the grace period the same file is requested exactly once', async () => {
    await settings.setQueuePaused(true);
    const { id, cand } = await pinnedDownload('Night Drive', (c) => c.username === 'bob');
    await repo.startAttempt(await row(id), cand, 'wanted');
    await settings.setQueuePaused(false);
    const postsBefore = enqueuePosts();
    await step();
    await step();
    // Within the grace period: an enqueue may still be in flight, so nothing is sent.
    expect(enqueuePosts()).toBe(postsBefore);
    const { row: done } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(done.state).toBe('done');
    expect(enqueuePosts()).toBe(postsBefore + 1);
    const a = await attempts(id);
    expect(a.map((x) => [x.username, x.filename, x.outcome, x.reason])).toEqual([
      ['bob', cand.filename, 'failed', 'transfer_lost'],
      ['bob', cand.filename, 'succeeded', null],
    ]);
  });

  it('a chosen file that fails fails the download with the reason (no other file is tried)', async () => {
    fake.control.setTransferFault({ username: 'alice', filename: 'Wild Rose.flac' }, { kind: 'reject', message: 'Banned' });
    const { id } = await pinnedDownload('Wild Rose', (c) => c.username === 'alice' && c.filename.endsWith('.flac'));
    const { row: failed } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(failed).toMatchObject({ state: 'failed', failureReason: 'rejected', attemptCount: 1 });
    expect(failed.message).toMatch(/Banned/);
    expect(await attempts(id)).toHaveLength(1);
  });

  it('pause and cancel of an active transfer cancel it on slskd; resume requests it again', async () => {
    fake.control.setTransferFault({ username: 'alice', filename: 'Blue Hour.flac', times: 1 }, { kind: 'queue', position: 3, frozen: true });
    const id = await addTrack('Blue Hour');
    const { row: queued } = await until(id, (r) => r.state === 'queued' && r.transferId !== null);
    await downloads.action(id, 'pause');
    await step();
    const paused = await row(id);
    expect(paused).toMatchObject({ state: 'paused', transferId: null, requestedAt: null });
    await waitForSlskdState('alice', queued.transferId ?? '', 'Completed, Cancelled');
    expect((await attempts(id)).map((x) => x.outcome)).toEqual(['cancelled']);

    await downloads.action(id, 'resume');
    const { row: done } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(done.state).toBe('done');
    const a = await attempts(id);
    // Cancelling is not a failure: the same best file is fetched.
    expect(a.map((x) => [x.username, x.filename, x.outcome])).toEqual([
      ['alice', queued.filename, 'cancelled'],
      ['alice', queued.filename, 'succeeded'],
    ]);

    fake.control.setTransferFault({ username: 'alice', filename: 'Cold Creek.flac', times: 1 }, { kind: 'queue', position: 3, frozen: true });
    const id2 = await addTrack('Cold Creek');
    const { row: queued2 } = await until(id2, (r) => r.state === 'queued' && r.transferId !== null);
    await downloads.action(id2, 'cancel');
    await step();
    expect(await row(id2)).toMatchObject({ state: 'cancelled', requestedAt: null });
    await waitForSlskdState('alice', queued2.transferId ?? '', 'Completed, Cancelled');
  });

  async function waitForSlskdState(username: string, transferId: string, state: string): Promise<void> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const t = await transferOnSlskd(username, transferId);
      if (t.rawState === state) return;
      if (Date.now() > deadline) throw new Error(`transfer ${transferId} is ${t.rawState}, not ${state}`);
      await new Promise((r) => setTimeout(r, 30));
    }
  }

  it('respects the global and per-peer limits', async () => {
    await settings.update({ maxActive: 2, maxPerUser: 1 });
    const titles = ['Open Water', 'Stone Garden', 'Last Light'];
    for (const t of titles) fake.control.setTransferFault({ filename: t }, { kind: 'queue', position: 5, frozen: true });
    const ids: string[] = [];
    // Three tracks of one album would go to album mode, which may exceed maxPerUser (downloads-album.int-spec.ts):
    // here each is filed under its own album so the per-track limits are what is tested.
    for (const t of titles) ids.push(await addTrack(t, { album: `${ALBUM} (${t})` }));
    const deadline = Date.now() + 15_000;
    for (;;) {
      await step();
      const rows = await Promise.all(ids.map(row));
      const active = rows.filter((r) => r.state === 'queued' || r.state === 'downloading');
      expect(active.length).toBeLessThanOrEqual(2);
      expect(new Set(active.map((r) => r.username)).size).toBe(active.length);
      if (active.length === 2 && rows.every((r) => r.state !== 'searching')) break;
      if (Date.now() > deadline) throw new Error(`limits test stuck: ${rows.map((r) => r.state).join(', ')}`);
    }
    for (let i = 0; i < 3; i++) await step();
    const rows = await Promise.all(ids.map(row));
    expect(rows.map((r) => r.state).sort()).toEqual(['queued', 'queued', 'wanted']);
    expect(new Set(rows.filter((r) => r.state === 'queued').map((r) => r.username)).size).toBe(2);
    await downloads.batch({ ids, action: 'cancel' });
    await step();
    expect((await Promise.all(ids.map(row))).every((r) => r.state === 'cancelled' && r.requestedAt === null)).toBe(true);
  });

  it('dispatches by priority, then queue position (reorder)', async () => {
    await settings.update({ maxSearching: 1 });
    await settings.setQueuePaused(true);
    const [a, b, c] = [await addTrack('Silver Lining'), await addTrack('High Tide'), await addTrack('Dust Bowl')];
    await downloads.action(c, 'prioritize');
    await downloads.reorder(b, { to: 'top' });
    const page = await downloads.list(['wanted'], undefined, 1, 50);
    expect(page.items.map((d) => d.id).filter((x) => [a, b, c].includes(x))).toEqual([c, b, a]);
    await settings.setQueuePaused(false);
    await engine.tick();
    expect((await row(c)).state).toBe('searching');
    expect((await row(b)).state).toBe('wanted');
    await downloads.action(c, 'cancel');
    await engine.tick();
    expect((await row(b)).state).toBe('searching');
    expect((await row(a)).state).toBe('wanted');
    await downloads.batch({ ids: [a, b], action: 'cancel' });
  });

  it('never tries a blocked peer, and blocks a peer by itself after repeated failures', async () => {
    const blocklist = ctx.get(BlocklistService);
    const aliceBlock = await blocklist.create({ kind: 'user', username: 'alice', reason: 'manual test block' });
    const id = await addTrack('Ember Glow');
    const { row: done } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(done.state).toBe('done');
    expect((await attempts(id)).map((x) => x.username)).not.toContain('alice');

    // Only carol is left, and she refuses everything: two failures in a row block her.
    await settings.update({ autoBlockAfterFailures: 2 });
    const bobBlock = await blocklist.create({ kind: 'user', username: 'bob', reason: 'manual test block' });
    fake.control.setTransferFault({ username: 'carol' }, { kind: 'reject', message: 'Too many files' });
    const [x, y] = [await addTrack('Falling Snow'), await addTrack('Harbor Lights')];
    await until(x, (r) => r.attemptCount > 0 && r.state !== 'queued');
    await until(y, (r) => r.attemptCount > 0 && r.state !== 'queued');
    const snapshot = await blocklist.snapshot();
    expect(snapshot.blocks('carol', 'anything.flac')).toMatch(/failed downloads in a row/);
    const entries = await blocklist.list(1, 50);
    expect(entries.items.find((e) => e.username === 'carol')).toMatchObject({ kind: 'user', source: 'auto' });
    expect(entries.items.find((e) => e.username === 'carol')?.expiresAt).not.toBeNull();
    await downloads.batch({ ids: [x, y], action: 'cancel' });
    for (const e of [aliceBlock, bobBlock, ...entries.items.filter((e) => e.username === 'carol')]) await blocklist.remove(e.id);
  });

  it('gives up after maxAttempts failed candidates, and re-searches once before "no candidates"', async () => {
    await settings.update({ maxAttempts: 2 });
    fake.control.setTransferFault({ filename: 'River Song' }, { kind: 'reject', message: 'File not shared.' });
    const id = await addTrack('River Song');
    const { row: failed } = await until(id, (r) => r.state === 'failed' || r.state === 'done');
    expect(failed).toMatchObject({ state: 'failed', failureReason: 'all_candidates_failed', attemptCount: 2 });
    expect(failed.message).toMatch(/rejected/);
    expect((await attempts(id)).map((a) => a.reason)).toEqual(['rejected', 'rejected']);

    const nothing = (await downloads.create({ track: { artist: 'Nobody Shares', title: 'This Song', durationMs: 4_000 } })).items[0].id;
    const { row: none, seen } = await until(nothing, (r) => r.state === 'failed' || r.state === 'done');
    expect(none).toMatchObject({ state: 'failed', failureReason: 'no_candidates', searchCount: 2, attemptCount: 0 });
    expect(seen.filter((s) => s === 'searching').length).toBe(2);
  });

  it('a user action during a running tick wins: the tick does not overwrite it, the next tick releases the transfer', async () => {
    const { id, cand } = await pinnedDownload('Paper Planes', (c) => c.username === 'bob');
    // slskd answers the enqueue slowly, so the user pauses while the tick waits for it.
    fake.control.setResponseDelay(800, '/api/v0/transfers/downloads/bob');
    try {
      const tick = engine.tick();
      const deadline = Date.now() + 5_000;
      while ((await row(id)).state !== 'queued') {
        if (Date.now() > deadline) throw new Error('never dispatched');
        await new Promise((r) => setTimeout(r, 20));
      }
      await downloads.action(id, 'pause');
      await tick;
    } finally {
      fake.control.setResponseDelay(0, '/api/v0/transfers/downloads/bob');
    }
    expect(await row(id)).toMatchObject({ state: 'paused', transferId: null });
    await step();
    expect(await row(id)).toMatchObject({ state: 'paused', requestedAt: null });
    const onSlskd = (await client.getUserDownloads('bob')).find((t) => t.filename === cand.filename);
    expect(onSlskd).toBeDefined();
    await waitForSlskdState('bob', onSlskd?.id ?? '', 'Completed, Cancelled');
    expect((await attempts(id)).map((a) => a.outcome)).toEqual(['cancelled']);
  });

  it('slskd logged out of Soulseek refuses enqueues: nothing is burnt, and it resumes once logged in again', async () => {
    const { id } = await pinnedDownload('Quiet Storm', (c) => c.username === 'bob');
    fake.control.setLoggedIn(false);
    try {
      const deadline = Date.now() + 2_500;
      while (Date.now() < deadline) {
        await engine.tick();
        await new Promise((r) => setTimeout(r, 100));
      }
      const waiting = await row(id);
      expect(waiting).toMatchObject({ state: 'wanted', attemptCount: 0, failureReason: null });
      expect(waiting.message).toMatch(/slskd did not take the request/);
      const tried = await attempts(id);
      expect(tried.length).toBeGreaterThanOrEqual(2);
      expect(tried.every((a) => a.outcome === 'cancelled' && a.reason === 'slskd_error')).toBe(true);
    } finally {
      fake.control.setLoggedIn(true);
    }
    const { row: done } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(done).toMatchObject({ state: 'done', attemptCount: 1, username: 'bob' });
  });

  it('a worker killed between "verifying" and enqueueing the verify job: the job is enqueued again and the file verified', async () => {
    await settings.setQueuePaused(true);
    const { id, cand } = await pinnedDownload('Glass Rain', (c) => c.username === 'bob');
    const started = await repo.startAttempt(await row(id), cand, 'wanted');
    const sent = await client.enqueueDownloads(cand.username, [{ filename: cand.filename, size: cand.size }]);
    await waitForSlskdState('bob', sent.enqueued[0].id, 'Completed, Succeeded');
    // What the crash leaves: the row says verifying (long ago), but no verify job exists.
    await db.query(`UPDATE downloads SET state = 'verifying', transfer_id = $2, progress_at = now() - interval '1 minute' WHERE id = $1`, [id, sent.enqueued[0].id]);
    const verifyJob = () => jobs.queue(QueueName.Downloads).getJob(jobId(JobName.DownloadVerify, started?.attempt.id ?? ''));
    expect(await verifyJob()).toBeUndefined();
    await settings.setQueuePaused(false);
    await engine.tick();
    expect(await verifyJob()).toBeDefined();
    const { row: done } = await until(id, (r) => r.state === 'done' || r.state === 'failed');
    expect(done).toMatchObject({ state: 'done', username: 'bob', attemptCount: 1 });
  });

  it('never three attempts in a row from one peer: with only one peer left, its third file is not tried', async () => {
    const dir = '@@erin\\Shared\\Tin Roof Band';
    fake.control.addPeer({
      username: 'erin',
      uploadSpeed: 2_000_000,
      queueLength: 0,
      hasFreeUploadSlot: true,
      responseDelayMs: 20,
      files: [
        { path: `${dir}\\Tin Roof Band - Rust.flac`, size: 910_000, length: 4, sampleRate: 44100, bitDepth: 16 },
        { path: `${dir}\\Tin Roof Band - Rust (320).mp3`, size: 161_000, length: 4, bitRate: 320 },
        { path: `${dir}\\mp3\\Rust.mp3`, size: 130_000, length: 4, bitRate: 256 },
      ],
    });
    fake.control.setTransferFault({ username: 'erin' }, { kind: 'reject', message: 'File not shared.' });
    await settings.update({ retryBaseSeconds: 1 });
    const id = (await downloads.create({ track: { artist: 'Tin Roof Band', title: 'Rust', durationMs: 4_000 } })).items[0].id;
    const { row: failed } = await until(id, (r) => r.state === 'failed' || r.state === 'done');
    const cands = await repo.acceptedCandidates(failed.searchId ?? '');
    expect(cands.filter((c) => c.username === 'erin').length).toBe(3);
    expect(failed).toMatchObject({ state: 'failed', failureReason: 'all_candidates_failed', searchCount: 2 });
    const a = await attempts(id);
    expect(a.map((x) => x.username)).toEqual(['erin', 'erin']);
    expect(new Set(a.map((x) => x.filename)).size).toBe(2);
  });

  it('a tick stays cheap with 10,000 waiting downloads and 100,000 in the history', async () => {
    await db.query(
      `INSERT INTO downloads (state, priority, position, artist, title, profile, finished_at)
       SELECT 'done', 0, 1000000 + g, 'Backlog', 'Old ' || g, 'balanced', now() - (g || ' seconds')::interval FROM generate_series(1, 100000) g`,
    );
    await db.query(
      `INSERT INTO downloads (state, priority, position, artist, title, profile)
       SELECT 'wanted', -100, 2000000 + g, 'Backlog', 'Wanted ' || g, 'balanced' FROM generate_series(1, 10000) g`,
    );
    await db.query('ANALYZE downloads');
    const durations: number[] = [];
    for (let i = 0; i < 7; i++) durations.push((await engine.tick()).durationMs);
    durations.sort((x, y) => x - y);
    const median = durations[3];
    // The measured figure goes to the log for the report; the bound only catches a tick that scans the history.
    console.log(`tick with 10,000 waiting + 100,000 finished rows: median ${median} ms, max ${durations[6]} ms`);
    expect(median).toBeLessThan(1_000);
    // The searches it started are bounded by maxSearching.
    expect(await repo.countInState('searching')).toBe(6);
  });
});
