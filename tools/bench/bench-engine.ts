/*
 * Download engine figures → one JSON line {devCases, devCasesMs, rank5000Ms, rows, seedMs, listP50Ms, listP95Ms,
 * dispatched, tickMs, dispatchMsPerDownload, slskdEnqueueMs, dispatchOverheadMs}.
 * Run: npm run bench:engine   (BENCH_ENGINE_ROWS=100000 by default; BENCH_CASES=path to a MATCHING.md case file)
 *
 *   devCasesMs          wall time to rank every case of ../shared/bench/matching/dev.json (median of 5 runs)
 *   rank5000Ms          ranking one wanted track against 5,000 candidates (median of 15 warm runs)
 *   listP95Ms/P50Ms     GET /api/downloads over real HTTP (API key, real PostgreSQL) with 100,000 download rows:
 *                       400 requests mixing the default view, state filters, history, text search and deep pages
 *   dispatchMsPerDownload  one tick that starts 100 downloads (100,000 rows present), divided by 100: choosing the
 *                       candidate, writing the attempt before the call, the enqueue on a fake slskd on localhost,
 *                       saving the transfer id
 *   slskdEnqueueMs      median of a bare enqueue call to the same fake
 *   dispatchOverheadMs  dispatchMsPerDownload − slskdEnqueueMs: what the engine adds per job
 */
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CoreModule } from '@soulspot/api/core';
import { DatabaseModule } from '@soulspot/api/database';
import { LibraryModule } from '@soulspot/api/library';
import { PlatformModule } from '@soulspot/api/platform';
import { ALL_ENTITIES } from '@soulspot/api/schema';
import { DownloadEngine, DownloadSettingsService, SlskdClient, SlskdSettingsService, SoulseekModule } from '@soulspot/api/soulseek';
import { HttpSession } from '@soulspot/api/testing';
import { startFakeSlskd, type FakeSlskdPeer } from '@soulspot/fakes';
import { matchTrack, type SlskdSearchResponse, type WantedTrack } from '../../libs/api/soulseek/src/lib/matcher';
import { startTestApi } from '../../apps/api/src/testing/test-api';
import { responses, want } from './matcher-fixtures';

const ROWS = Number(process.env['BENCH_ENGINE_ROWS'] ?? 100_000);
const CASES = process.env['BENCH_CASES'] ?? resolve(__dirname, '../../../shared/bench/matching/dev.json');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const round = (n: number) => Math.round(n * 10) / 10;

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function matcherFigures(): { devCases: number; devCasesMs: number | null; rank5000Ms: number } {
  const set = responses(5000);
  for (let i = 0; i < 3; i++) matchTrack(want, set);
  const rank5000Ms = median(Array.from({ length: 15 }, () => time(() => matchTrack(want, set))));
  if (!existsSync(CASES)) return { devCases: 0, devCasesMs: null, rank5000Ms };
  const cases = JSON.parse(readFileSync(CASES, 'utf8')) as Array<{ want: WantedTrack & { albumTrackCount?: number }; responses: SlskdSearchResponse[] }>;
  const runs = Array.from({ length: 5 }, () => time(() => cases.forEach((c) => matchTrack({ ...c.want, totalTracks: c.want.totalTracks ?? c.want.albumTrackCount }, c.responses))));
  return { devCases: cases.length, devCasesMs: median(runs), rank5000Ms };
}

/** 100,000 rows shaped like a long-lived library: mostly history, a few thousand queued, some active. */
async function seed(ds: DataSource, rows: number): Promise<void> {
  await ds.query(
    `INSERT INTO downloads (state, priority, position, artist, title, album, duration_ms, profile, username, filename, size,
                            bytes_transferred, percent, speed, attempt_count, created_at, started_at, finished_at)
     SELECT s.state, (i % 3) - 1, i, 'Artist ' || (i % 5000), 'Title ' || i, 'Album ' || (i % 9000), 200000 + (i % 100000),
            'lossless-preferred', 'peer' || (i % 700), '@@share\\Music\\Artist ' || (i % 5000) || '\\' || i || '.flac', 30000000,
            CASE WHEN s.state = 'done' THEN 30000000 ELSE 0 END, CASE WHEN s.state = 'done' THEN 100 ELSE 0 END, 0, 1,
            now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval,
            CASE WHEN s.state IN ('done', 'failed', 'cancelled') THEN now() - (i || ' seconds')::interval END
       FROM generate_series(1, $1) AS i,
            LATERAL (SELECT CASE WHEN i % 100 < 85 THEN 'done' WHEN i % 100 < 90 THEN 'failed' WHEN i % 100 < 91 THEN 'cancelled'
                                 WHEN i % 100 < 98 THEN 'wanted' WHEN i % 100 < 99 THEN 'paused' ELSE 'failed' END AS state) s`,
    [rows],
  );
  await ds.query('VACUUM ANALYZE downloads');
}

async function listFigures(session: HttpSession): Promise<{ p95: number; p50: number }> {
  const paths = [
    '/api/downloads?page=1&pageSize=50',
    '/api/downloads?state=wanted,searching,queued,downloading,verifying,paused&page=1&pageSize=50',
    '/api/downloads?state=done&page=1&pageSize=50',
    '/api/downloads?state=failed&page=3&pageSize=50',
    '/api/downloads?q=Title%20777&page=1&pageSize=50',
    '/api/downloads?state=done&page=200&pageSize=50',
    '/api/downloads?state=queued,downloading&page=1&pageSize=50',
  ];
  for (const p of paths) {
    const r = await session.get(p);
    if (r.status !== 200) throw new Error(`${p} → ${r.status}: ${r.text}`);
  }
  const samples: number[] = [];
  for (let i = 0; i < 400; i++) {
    const t = performance.now();
    const r = await session.get(paths[i % paths.length]);
    samples.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`${paths[i % paths.length]} → ${r.status}`);
  }
  if (process.env['BENCH_VERBOSE']) {
    paths.forEach((p, k) => process.stderr.write(`${p}: median ${median(samples.filter((_, i) => i % paths.length === k)).toFixed(1)} ms\n`));
  }
  return { p95: pct(samples, 95), p50: pct(samples, 50) };
}

// The engine looks at most 150 candidates per tick (see downloads/README.md), so one tick starts at most that many.
const DISPATCH = Number(process.env['BENCH_ENGINE_DISPATCH'] ?? 100);

/**
 * One tick that starts DISPATCH downloads (each with a finished search and one accepted candidate on a
 * fake slskd peer), with the 100,000 rows present. Returns the tick's time per started download and, for
 * comparison, the median time of a bare enqueue call to the same fake: the difference is the engine's own cost.
 */
async function dispatchFigures(config: Parameters<typeof CoreModule.forRoot>[0] & { databaseUrl: string }, ds: DataSource) {
  const peers: FakeSlskdPeer[] = Array.from({ length: DISPATCH / 4 + 1 }, (_, p) => ({
    username: `bench${p}`,
    uploadSpeed: 2_000_000,
    queueLength: 5,
    hasFreeUploadSlot: false,
    files: Array.from({ length: 4 }, (_, f) => ({ path: `@@b${p}\\Music\\Bench Artist\\Bench Album\\${String(f + 1).padStart(2, '0')} - Track ${p}-${f}.flac`, size: 20_000_000 + f, length: 200 })),
  }));
  // Peers keep every transfer in their upload queue, so nothing finishes (and writes audio) during the bench.
  const fake = await startFakeSlskd({ catalogue: { peers }, timing: { enqueueLatencyMs: 0, remoteQueueStepMs: 3_600_000 } });
  @Module({
    imports: [
      CoreModule.forRoot(config),
      DatabaseModule.forRoot({ url: config.databaseUrl, entities: ALL_ENTITIES, applicationName: 'bench-engine' }),
      PlatformModule.forWorker(),
      LibraryModule.forWorker(),
      SoulseekModule.forWorker(),
    ],
  })
  class BenchWorkerModule {}
  const ctx = await NestFactory.createApplicationContext(BenchWorkerModule, { logger: false });
  try {
    await ctx.get(SlskdSettingsService).update({ url: fake.url, apiKey: fake.apiKey, downloadsPathRemote: fake.downloadsDir, downloadsPathLocal: fake.downloadsDir });
    await ctx.get(DownloadSettingsService).update({ maxActive: DISPATCH, maxPerUser: 4 });
    for (let i = 0; i < DISPATCH; i++) {
      const p = Math.floor(i / 4);
      const f = i % 4;
      const [search] = await ds.query(
        `INSERT INTO soulseek_searches (status, artist, title, profile, steps, accepted_count, rejected_count, finished_at)
         VALUES ('done', 'Bench Artist', $1, 'lossless-preferred', '[]', 1, 0, now()) RETURNING id`,
        [`Track ${p}-${f}`],
      );
      await ds.query(
        `INSERT INTO soulseek_search_candidates (search_id, accepted, position, username, filename, size, length_seconds, upload_speed, queue_length, has_free_upload_slot, reasons, band, quality_tier, avail_class)
         VALUES ($1, true, 1, $2, $3, $4, 200, 2000000, 5, false, '[]', 1, 0, 1)`,
        [search.id, `bench${p}`, peers[p].files[f].path, peers[p].files[f].size],
      );
      await ds.query(
        `INSERT INTO downloads (state, priority, position, artist, title, duration_ms, profile, search_id, search_count)
         VALUES ('wanted', 1000, $1, 'Bench Artist', $2, 200000, 'lossless-preferred', $3, 1)`,
        [-DISPATCH + i, `Track ${p}-${f}`, search.id],
      );
    }
    await ds.query('ANALYZE downloads');
    const engine = ctx.get(DownloadEngine);
    const report = await engine.tick();
    if (report.started < DISPATCH * 0.9) throw new Error(`the tick started only ${report.started} of ${DISPATCH} downloads: ${JSON.stringify(report)}`);
    // The bare cost of one enqueue against the same fake, for comparison.
    const client = new SlskdClient({ baseUrl: fake.url, apiKey: fake.apiKey });
    const raw: number[] = [];
    for (let i = 0; i < 50; i++) {
      const peer = peers[peers.length - 1];
      const t = performance.now();
      await client.enqueueDownloads(peer.username, [{ filename: peer.files[i % 4].path, size: peer.files[i % 4].size }]).catch(() => undefined);
      raw.push(performance.now() - t);
    }
    const perDownload = report.durationMs / report.started;
    return { dispatched: report.started, tickMs: report.durationMs, dispatchMsPerDownload: perDownload, slskdEnqueueMs: median(raw), dispatchOverheadMs: Math.max(0, perDownload - median(raw)) };
  } finally {
    await ctx.close();
    await fake.close();
  }
}

async function main(): Promise<void> {
  const m = matcherFigures();
  const api = await startTestApi('bench_engine', { logLevel: 'error' });
  try {
    const ds = api.app.get<DataSource>(getDataSourceToken());
    const t0 = performance.now();
    await seed(ds, ROWS);
    const seedMs = performance.now() - t0;
    if (process.env['BENCH_EXPLAIN']) {
      for (const sql of [
        `SELECT count(*) FROM downloads d WHERE d.state IN ('done', 'failed', 'cancelled')`,
        `SELECT count(*) FROM downloads d WHERE d.state IN ('done', 'failed', 'cancelled') AND d.state IN ('done')`,
        `SELECT count(*) FROM downloads d WHERE d.state NOT IN ('done', 'failed', 'cancelled')`,
        `SELECT * FROM downloads d WHERE d.state IN ('done', 'failed', 'cancelled') ORDER BY d.finished_at DESC NULLS LAST, d.id DESC LIMIT 50 OFFSET 9950`,
        `SELECT * FROM downloads d WHERE d.state NOT IN ('done', 'failed', 'cancelled') ORDER BY d.priority DESC, d.position ASC, d.id ASC LIMIT 50`,
        `SELECT state, count(*) FROM downloads GROUP BY state`,
      ]) {
        const plan: { 'QUERY PLAN': string }[] = await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
        process.stderr.write(`${sql}\n${plan.map((p) => '  ' + p['QUERY PLAN']).join('\n')}\n`);
      }
    }
    const session = new HttpSession(api.url);
    const onboard = await session.post<{ csrfToken: string }>('/api/auth/onboarding', { username: 'admin', password: 'correct horse battery' });
    session.csrfToken = onboard.body.csrfToken;
    const key = await session.post<{ apiKey: string }>('/api/auth/api-key');
    if (key.status !== 200 || !key.body.apiKey) throw new Error(`no API key: ${key.status} ${key.text}`);
    const bench = new HttpSession(api.url);
    bench.apiKey = key.body.apiKey;
    const list = await listFigures(bench);
    const dispatch = await dispatchFigures(api.config, ds);
    process.stdout.write(
      JSON.stringify({
        devCases: m.devCases,
        devCasesMs: m.devCasesMs === null ? null : Math.round(m.devCasesMs),
        rank5000Ms: round(m.rank5000Ms),
        rows: ROWS,
        seedMs: Math.round(seedMs),
        listP50Ms: round(list.p50),
        listP95Ms: round(list.p95),
        dispatched: dispatch.dispatched,
        tickMs: dispatch.tickMs,
        dispatchMsPerDownload: round(dispatch.dispatchMsPerDownload),
        slskdEnqueueMs: round(dispatch.slskdEnqueueMs),
        dispatchOverheadMs: round(dispatch.dispatchOverheadMs),
      }) + '\n',
    );
  } finally {
    await api.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench:engine failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
