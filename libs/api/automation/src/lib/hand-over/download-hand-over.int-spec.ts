import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { UnrecoverableError } from 'bullmq';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { CoreModule, EventBus } from '@soulspot/api/core';
import { DatabaseModule } from '@soulspot/api/database';
import { LIBRARY_ENTITIES, LibraryModule, WantedTracksRepository } from '@soulspot/api/library';
import { ImportSettingsService, ImportsService, METADATA_ENTITIES, MetadataModule } from '@soulspot/api/metadata';
import { PLATFORM_ENTITIES, PlatformModule } from '@soulspot/api/platform';
import { createTestDatabase, testConfig, testRedisPrefix } from '@soulspot/api/testing';
import { FakeMetadata, startFakeMetadata } from '@soulspot/fakes';
import { AutomationModule } from '../automation.module';
import { DownloadVerifiedProcessor } from '../jobs/download-verified.processor';

jest.setTimeout(120_000);

/*
 * The hand-over from a verified download to the library against the real PostgreSQL and Redis, a real MP3
 * made by ffmpeg and the fake MusicBrainz/Cover Art/LRCLIB servers: a `done` downloads row (as the engine's
 * verification leaves it) → DownloadVerified job → one import → import done → wanted track in the library
 * and the list's M3U8 written.
 */

let ctx: INestApplicationContext;
let db: DataSource;
let fake: FakeMetadata;
let drop: () => Promise<void>;
let work: string;
let library: string;
let downloadsDir: string;
let processor: DownloadVerifiedProcessor;
let wanted: WantedTracksRepository;

const FAINT_ISRC = 'USWB10300477';

function mp3(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', '-c:a', 'libmp3lame', '-b:a', '96k', path]);
  return path;
}

/** A downloads row as the engine leaves it after verification (the table belongs to the soulseek lib). */
async function downloadRow(values: { state: string; wantedTrackId: string | null; artist: string; title: string; album?: string; durationMs?: number; localPath: string | null }): Promise<string> {
  const rows = (await db.query(
    `INSERT INTO downloads (state, position, wanted_track_id, artist, title, album, duration_ms, profile, local_path, finished_at)
     VALUES ($1, 1, $2, $3, $4, $5, $6, 'balanced', $7, now()) RETURNING id`,
    [values.state, values.wantedTrackId, values.artist, values.title, values.album ?? null, values.durationMs ?? null, values.localPath],
  )) as { id: string }[];
  return rows[0].id;
}

async function importsOf(downloadId: string): Promise<{ id: string; status: string }[]> {
  return (await db.query(`SELECT id, status FROM imports WHERE download_id = $1`, [downloadId])) as { id: string; status: string }[];
}

beforeAll(async () => {
  fake = await startFakeMetadata();
  const database = await createTestDatabase('automation_hand_over');
  drop = database.drop;
  work = mkdtempSync(join(tmpdir(), 'soulspot-hand-over-'));
  library = join(work, 'library');
  downloadsDir = join(work, 'downloads');
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot(testConfig({ redisPrefix: testRedisPrefix('automation_hand_over'), role: 'worker' })),
      DatabaseModule.forRoot({ url: database.url, entities: [...PLATFORM_ENTITIES, ...LIBRARY_ENTITIES, ...METADATA_ENTITIES] }),
      PlatformModule.forWorker(),
      LibraryModule.forWorker(),
      MetadataModule.forWorker(),
      AutomationModule.forWorker(),
    ],
  }).compile();
  ctx = await moduleRef.init();
  db = ctx.get(DataSource);
  processor = ctx.get(DownloadVerifiedProcessor);
  wanted = ctx.get(WantedTracksRepository);
  await ctx.get(ImportSettingsService).update({
    libraryPath: library,
    contact: 'mailto:tests@soulspot.invalid',
    providers: { musicBrainz: fake.urls.musicBrainz, coverArtArchive: fake.urls.coverArtArchive, lrclib: fake.urls.lrclib, lastfm: fake.urls.lastfm, deezer: fake.urls.deezer },
  });
});

afterAll(async () => {
  await ctx?.close();
  await fake?.close();
  await drop?.();
  rmSync(work, { recursive: true, force: true });
});

describe('verified download → import → library → playlist', () => {
  it('creates one import however often the job runs, and the finished import puts the track in the library and its list in the M3U8', async () => {
    // The metadata module is imported by the worker and by automation: Nest must keep one instance of each provider.
    expect(ctx.get(ImportsService, { strict: false, each: true })).toHaveLength(1);

    const source = await wanted.createSource({ kind: 'csv', name: 'Road trip' });
    await wanted.upsertEntries(source.id, '00000000-0000-4000-8000-000000000001', [
      { dedupeKey: `isrc:${FAINT_ISRC}`, metaKey: 'meta:linkin park|faint|162', isrc: FAINT_ISRC, title: 'Faint', artists: ['Linkin Park'], album: 'Meteora', durationMs: 162_000, position: 0 },
      { dedupeKey: 'meta:linkin park|numb|185', metaKey: 'meta:linkin park|numb|185', title: 'Numb', artists: ['Linkin Park'], album: 'Meteora', durationMs: 185_000, position: 1 },
    ]);
    const [faint] = (await wanted.listTracks(source.id, 1, 10, false)).items;
    const file = mp3(join(downloadsDir, 'slsk user', 'Linkin Park - 07 - Faint [V0].mp3'));
    const downloadId = await downloadRow({ state: 'done', wantedTrackId: faint.wantedTrackId, artist: 'Linkin Park', title: 'Faint', album: 'Meteora', durationMs: 162_000, localPath: file });

    // A retried job, a duplicate delivery and a concurrent one: still one import.
    const runs = await Promise.all([processor.handle({ downloadId }), processor.handle({ downloadId }), processor.handle({ downloadId })]);
    const again = await processor.handle({ downloadId });
    const ids = [...runs, again].map((r) => (r.outcome === 'imported' ? r.import.id : r.outcome));
    expect(new Set(ids).size).toBe(1);
    const imports = await importsOf(downloadId);
    expect(imports).toHaveLength(1);
    const record = runs[0].outcome === 'imported' ? runs[0].import : null;
    expect(record).toMatchObject({ sourcePath: file, wantedTrackId: faint.wantedTrackId, downloadId, hints: { artist: 'Linkin Park', title: 'Faint', album: 'Meteora', durationMs: 162_000, isrc: FAINT_ISRC } });

    // The import job (what the worker's ImportFile processor runs).
    const done = await ctx.get(ImportsService).process(imports[0].id);
    expect(done?.status).toBe('done');
    const resultPath = done?.resultPath as string;
    expect(resultPath).toBe(join(library, 'Linkin Park', 'Meteora (2003)', '07 - Faint.mp3'));
    expect(existsSync(file)).toBe(false);

    const track = await wanted.findWantedTrack(faint.wantedTrackId);
    expect(track).toMatchObject({ state: 'in_library', libraryPath: resultPath });
    expect((await wanted.findSource(source.id))?.counts).toMatchObject({ total: 2, wanted: 2, inLibrary: 1, missing: 1 });

    const playlist = join(library, 'Playlists', 'Road trip.m3u8');
    const text = readFileSync(playlist, 'utf8');
    expect(text).toBe(`#EXTM3U\n#PLAYLIST:Road trip\n#X-SOULSPOT-LIST:${source.id}\n#EXTINF:162,Linkin Park - Faint\n../Linkin Park/Meteora (2003)/07 - Faint.mp3\n`);
    expect(existsSync(resolve(dirname(playlist), text.split('\n')[4]))).toBe(true);

    // The job once more after everything is done: the same import, nothing moved again.
    const late = await processor.handle({ downloadId });
    expect(late).toMatchObject({ outcome: 'imported', import: { id: imports[0].id, status: 'done' } });
    expect(await importsOf(downloadId)).toHaveLength(1);
  });

  it('list changes refresh playlists: a new list naming a track already in the library gets its M3U8, a finished sync rewrites one', async () => {
    const events = ctx.get(EventBus);
    const waitFor = async (path: string) => {
      for (let i = 0; i < 100 && !existsSync(path); i++) await sleep(100);
      return existsSync(path) ? readFileSync(path, 'utf8') : null;
    };
    // A second list naming Faint (in the library since the first test): no playlist until the list event.
    const second = await wanted.createSource({ kind: 'text', name: 'Second list' });
    await wanted.upsertEntries(second.id, '00000000-0000-4000-8000-000000000003', [
      { dedupeKey: 'meta:someone|else|200', metaKey: 'meta:someone|else|200', title: 'Else', artists: ['Someone'], durationMs: 200_000, position: 0 },
      { dedupeKey: `isrc:${FAINT_ISRC}`, metaKey: 'meta:linkin park|faint|162', isrc: FAINT_ISRC, title: 'Faint', artists: ['Linkin Park'], durationMs: 162_000, position: 1 },
    ]);
    const secondPath = join(library, 'Playlists', 'Second list.m3u8');
    expect(existsSync(secondPath)).toBe(false);
    await events.publish({ type: 'sources.updated', payload: { sourceId: second.id } });
    expect(await waitFor(secondPath)).toBe(`#EXTM3U\n#PLAYLIST:Second list\n#X-SOULSPOT-LIST:${second.id}\n#EXTINF:162,Linkin Park - Faint\n../Linkin Park/Meteora (2003)/07 - Faint.mp3\n`);

    // A list with nothing in the library gets no empty playlist from a list event.
    const empty = await wanted.createSource({ kind: 'text', name: 'Nothing here yet' });
    await events.publish({ type: 'sources.updated', payload: { sourceId: empty.id } });

    // A finished sync rewrites an existing playlist (here: one a user deleted).
    const roadTrip = (await wanted.listSources()).find((s) => s.name === 'Road trip');
    const roadTripPath = join(library, 'Playlists', 'Road trip.m3u8');
    rmSync(roadTripPath);
    await events.publish({ type: 'source.sync.updated', payload: { ...(roadTrip as NonNullable<typeof roadTrip>), lastSyncStatus: 'ok' } });
    expect(await waitFor(roadTripPath)).toContain('../Linkin Park/Meteora (2003)/07 - Faint.mp3');
    expect(existsSync(join(library, 'Playlists', 'Nothing here yet.m3u8'))).toBe(false);

    // Renamed: the new name's file replaces the old one. Deleted: the file goes with the list.
    await wanted.updateSource(second.id, { name: 'Second list, renamed' });
    await events.publish({ type: 'sources.updated', payload: { sourceId: second.id } });
    expect(await waitFor(join(library, 'Playlists', 'Second list, renamed.m3u8'))).toContain('#PLAYLIST:Second list, renamed');
    expect(existsSync(secondPath)).toBe(false);
    await wanted.deleteSource(second.id);
    await events.publish({ type: 'sources.updated', payload: { sourceId: second.id } });
    for (let i = 0; i < 100 && existsSync(join(library, 'Playlists', 'Second list, renamed.m3u8')); i++) await sleep(100);
    expect(existsSync(join(library, 'Playlists', 'Second list, renamed.m3u8'))).toBe(false);
    expect(existsSync(roadTripPath)).toBe(true);
  });

  it('leaves downloads alone that are gone or not done, and fails for good when a done download has no file', async () => {
    expect(await processor.handle({ downloadId: '00000000-0000-4000-8000-00000000dead' })).toEqual({ outcome: 'skipped', reason: 'download_gone' });
    const verifying = await downloadRow({ state: 'verifying', wantedTrackId: null, artist: 'A', title: 'B', localPath: null });
    expect(await processor.handle({ downloadId: verifying })).toEqual({ outcome: 'skipped', reason: 'not_done' });
    expect(await importsOf(verifying)).toEqual([]);
    const noFile = await downloadRow({ state: 'done', wantedTrackId: null, artist: 'A', title: 'B', localPath: null });
    await expect(processor.handle({ downloadId: noFile })).rejects.toBeInstanceOf(UnrecoverableError);
    expect(await importsOf(noFile)).toEqual([]);
  });

  it('hands over a download without a wanted track (an ad-hoc search pick) as a plain import', async () => {
    const file = mp3(join(downloadsDir, 'adhoc', 'Session.mp3'));
    const downloadId = await downloadRow({ state: 'done', wantedTrackId: null, artist: 'Linkin Park', title: 'Session', localPath: file });
    const result = await processor.handle({ downloadId });
    expect(result).toMatchObject({ outcome: 'imported', import: { wantedTrackId: null, downloadId, status: 'queued', hints: { artist: 'Linkin Park', title: 'Session' } } });
  });
});
