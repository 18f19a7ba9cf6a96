import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { JobName, JobQueue } from '@soulspot/api/core';
import { WantedTracksRepository } from '@soulspot/api/library';
import { ImportSettingsService } from '@soulspot/api/metadata';
import { createTestDatabase, testConfig, testRedisPrefix } from '@soulspot/api/testing';
import { FakeMetadata, startFakeMetadata } from '@soulspot/fakes';
import { WorkerModule } from './worker.module';

jest.setTimeout(120_000);

/**
 * The whole hand-over in the worker process over BullMQ: a DownloadVerified job (what the engine enqueues
 * after verification) → automation creates the import → the ImportFile job files it → the wanted track is
 * in the library and its list's M3U8 lists it. Real PostgreSQL/Redis, a real MP3, fake metadata servers.
 */
describe('verified download to playlist in the worker', () => {
  let ctx: INestApplicationContext;
  let drop: () => Promise<void>;
  let fake: FakeMetadata;
  let db: DataSource;
  let work: string;

  beforeAll(async () => {
    fake = await startFakeMetadata();
    const d = await createTestDatabase('worker_hand_over');
    drop = d.drop;
    work = mkdtempSync(join(tmpdir(), 'soulspot-worker-hand-over-'));
    const config = { ...testConfig({ redisPrefix: testRedisPrefix('worker_hand_over'), role: 'worker' }), databaseUrl: d.url };
    ctx = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error'] });
    await ctx.init();
    db = ctx.get<DataSource>(getDataSourceToken());
    await ctx.get(ImportSettingsService).update({
      libraryPath: join(work, 'library'),
      contact: 'mailto:tests@soulspot.invalid',
      providers: { musicBrainz: fake.urls.musicBrainz, coverArtArchive: fake.urls.coverArtArchive, lrclib: fake.urls.lrclib, lastfm: fake.urls.lastfm, deezer: fake.urls.deezer },
    });
  });
  afterAll(async () => {
    await ctx?.close();
    await drop?.();
    await fake?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('a DownloadVerified job ends with the track in the library and in the M3U8, once even when delivered twice', async () => {
    const wanted = ctx.get(WantedTracksRepository);
    const source = await wanted.createSource({ kind: 'text', name: 'Meteora picks' });
    await wanted.upsertEntries(source.id, '00000000-0000-4000-8000-000000000002', [
      { dedupeKey: 'isrc:USWB10300477', metaKey: 'meta:linkin park|faint|162', isrc: 'USWB10300477', title: 'Faint', artists: ['Linkin Park'], album: 'Meteora', durationMs: 162_000, position: 0 },
    ]);
    const [entry] = (await wanted.listTracks(source.id, 1, 1, false)).items;
    const file = join(work, 'downloads', 'peer', 'faint.mp3');
    mkdirSync(join(work, 'downloads', 'peer'), { recursive: true });
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', '-c:a', 'libmp3lame', '-b:a', '96k', file]);
    const [{ id: downloadId }] = (await db.query(
      `INSERT INTO downloads (state, position, wanted_track_id, artist, title, album, duration_ms, profile, local_path, finished_at)
       VALUES ('done', 1, $1, 'Linkin Park', 'Faint', 'Meteora', 162000, 'balanced', $2, now()) RETURNING id`,
      [entry.wantedTrackId, file],
    )) as { id: string }[];

    const jobs = ctx.get(JobQueue);
    await jobs.enqueue({ name: JobName.DownloadVerified, data: { downloadId } });
    await jobs.enqueue({ name: JobName.DownloadVerified, data: { downloadId } });

    const deadline = Date.now() + 60_000;
    let state = '';
    let imports: { status: string }[] = [];
    // The track is put in the library just before the import row is saved done: wait for both.
    while (Date.now() < deadline && (state !== 'in_library' || imports.some((i) => i.status !== 'done'))) {
      await new Promise((r) => setTimeout(r, 250));
      state = (await wanted.findWantedTrack(entry.wantedTrackId))?.state ?? '';
      imports = (await db.query(`SELECT status FROM imports WHERE download_id = $1`, [downloadId])) as { status: string }[];
    }
    expect(state).toBe('in_library');
    expect(imports).toEqual([{ status: 'done' }]);
    expect(readFileSync(join(work, 'library', 'Playlists', 'Meteora picks.m3u8'), 'utf8')).toBe(
      `#EXTM3U\n#PLAYLIST:Meteora picks\n#X-SOULSPOT-LIST:${source.id}\n#EXTINF:162,Linkin Park - Faint\n../Linkin Park/Meteora (2003)/07 - Faint.mp3\n`,
    );
  });
});
