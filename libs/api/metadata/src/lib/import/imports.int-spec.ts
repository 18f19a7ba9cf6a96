import { INestApplication, ValidationPipe } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Job } from 'bullmq';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { mkdtempSync } from 'node:fs';
import type { ImportRecord } from '@soulspot/shared/contracts';
import { CoreModule, EventBus } from '@soulspot/api/core';
import { DatabaseModule } from '@soulspot/api/database';
import { LIBRARY_ENTITIES, LibraryModule } from '@soulspot/api/library';
import { PLATFORM_ENTITIES, PlatformModule } from '@soulspot/api/platform';
import { createTestDatabase, testConfig, testRedisPrefix } from '@soulspot/api/testing';
import { FakeMetadata, startFakeMetadata } from '@soulspot/fakes';
import { readAudioInfo } from '../tags/read-audio-info';
import { METADATA_ENTITIES, MetadataModule } from '../metadata.module';
import { ImportSettingsService } from './import-settings.service';
import { ImportsService } from './imports.service';
import { ImportFileProcessor } from '../jobs/import-file.processor';

jest.setTimeout(120_000);

/*
 * The import pipeline against real PostgreSQL and Redis, real audio files made by ffmpeg, and the fake
 * MusicBrainz / Cover Art Archive / LRCLIB / Last.fm / Deezer servers (default catalogue: Linkin Park's
 * Meteora has ISRCs USWB10300471..483; "Easier to Run" has plain lyrics, "Faint" synced, "Session" none).
 */

const METEORA = 'Meteora';
const isrc = (n: number) => `USWB10300${470 + n}`;

let app: INestApplication;
let baseUrl: string;
let imports: ImportsService;
let settings: ImportSettingsService;
let fake: FakeMetadata;
let drop: () => Promise<void>;
let work: string;
let library: string;

function ffmpeg(path: string, seconds = 3): string {
  const codec = path.endsWith('.flac') ? ['-c:a', 'flac'] : ['-c:a', 'libmp3lame', '-b:a', '96k'];
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, ...codec, path]);
  return path;
}

function audioFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => join(dir, p))
    .filter((p) => /\.(mp3|flac)$/.test(p));
}

async function importFile(path: string, hints: Record<string, unknown>): Promise<ImportRecord> {
  const created = await imports.create({ path, hints });
  const done = await imports.process(created.id);
  if (!done) throw new Error('import vanished');
  return done;
}

beforeAll(async () => {
  fake = await startFakeMetadata();
  const db = await createTestDatabase('imports');
  drop = db.drop;
  work = mkdtempSync(join(tmpdir(), 'soulspot-import-'));
  library = join(work, 'library');
  const config = testConfig({ redisPrefix: testRedisPrefix('imports') });
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot(config),
      DatabaseModule.forRoot({ url: db.url, entities: [...PLATFORM_ENTITIES, ...LIBRARY_ENTITIES, ...METADATA_ENTITIES] }),
      PlatformModule.forWorker(),
      LibraryModule.forWorker(),
      MetadataModule.forApi(),
    ],
    providers: [ImportFileProcessor],
  }).compile();
  app = moduleRef.createNestApplication({ logger: ['error'] });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.listen(0, '127.0.0.1');
  baseUrl = `${await app.getUrl()}/api`.replace('[::1]', '127.0.0.1');
  imports = app.get(ImportsService);
  settings = app.get(ImportSettingsService);
  await settings.update({
    libraryPath: library,
    contact: 'mailto:tests@soulspot.invalid',
    providers: { musicBrainz: fake.urls.musicBrainz, coverArtArchive: fake.urls.coverArtArchive, lrclib: fake.urls.lrclib, lastfm: fake.urls.lastfm, deezer: fake.urls.deezer },
  });
});

afterAll(async () => {
  await app?.close();
  await fake?.close();
  await drop?.();
});

describe('import pipeline', () => {
  it('imports an MP3 and a FLAC: MusicBrainz tags, embedded cover + cover.jpg once, synced lyrics as .lrc, plain lyrics embedded', async () => {
    const events: ImportRecord[] = [];
    const sub = app.get(EventBus).on('import.updated').subscribe((e) => events.push(e.payload as ImportRecord));
    const mp3 = await importFile(ffmpeg(join(work, 'faint download.mp3')), { artist: 'Linkin Park', title: 'Faint', album: METEORA, durationMs: 162000, isrc: isrc(7) });
    const flac = await importFile(ffmpeg(join(work, 'track06.flac')), { artist: 'Linkin Park', title: 'Easier to Run', album: METEORA, durationMs: 204000, isrc: isrc(6) });
    sub.unsubscribe();

    for (const record of [mp3, flac]) {
      expect(record.status).toBe('done');
      expect(record.steps.map((s) => s.name)).toEqual(['verify', 'metadata', 'cover', 'lyrics', 'tags', 'move']);
      expect(record.steps.find((s) => s.name === 'metadata')).toMatchObject({ status: 'done' });
      expect(record.steps.find((s) => s.name === 'cover')).toMatchObject({ status: 'done' });
      expect(existsSync(record.sourcePath)).toBe(false);
    }
    expect(relative(library, mp3.resultPath as string).split(sep)).toEqual(['Linkin Park', 'Meteora (2003)', '07 - Faint.mp3']);
    expect(relative(library, flac.resultPath as string).split(sep)).toEqual(['Linkin Park', 'Meteora (2003)', '06 - Easier to Run.flac']);
    expect(events.filter((e) => e.id === mp3.id).map((e) => e.status)).toEqual(expect.arrayContaining(['queued', 'running', 'done']));

    const mp3Tags = (await readAudioInfo(mp3.resultPath as string)).tags;
    expect(mp3Tags).toMatchObject({ title: 'Faint', artists: ['Linkin Park'], album: METEORA, albumArtist: 'Linkin Park', trackNumber: 7, trackTotal: 13, isrc: isrc(7), hasFrontCover: true });
    expect(mp3Tags.musicBrainz.recordingId).toMatch(/^[0-9a-f-]{36}$/);
    expect(mp3Tags.genres.length).toBeGreaterThan(0);
    const lrc = readFileSync(join(dirname(mp3.resultPath as string), '07 - Faint.lrc'), 'utf8');
    expect(lrc).toMatch(/^\[\d\d:\d\d\.\d\d\]/);

    const flacTags = (await readAudioInfo(flac.resultPath as string)).tags;
    expect(flacTags).toMatchObject({ title: 'Easier to Run', trackNumber: 6, hasFrontCover: true });
    expect(flacTags.lyrics?.length).toBeGreaterThan(10);
    expect(existsSync(join(dirname(flac.resultPath as string), '06 - Easier to Run.lrc'))).toBe(false);
    // An independent reader: metaflac sees Vorbis comments and a front-cover PICTURE block.
    const listing = execFileSync('metaflac', ['--list', flac.resultPath as string], { encoding: 'utf8' });
    expect(listing).toContain('TITLE=Easier to Run');
    expect(listing).toMatch(/MUSICBRAINZ_TRACKID=[0-9a-f-]{36}/);
    expect(listing).toMatch(/type: 6 \(PICTURE\)[\s\S]*type: 3 \(Cover \(front\)\)/);
    expect(listing).toContain(`ISRC=${isrc(6)}`);

    // cover.jpg written once per album folder, and it is a JPEG.
    const folder = readdirSync(dirname(mp3.resultPath as string));
    expect(folder.filter((f) => f === 'cover.jpg')).toHaveLength(1);
    expect(readFileSync(join(dirname(mp3.resultPath as string), 'cover.jpg')).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it('records an instrumental track as such and writes no lyrics', async () => {
    const record = await importFile(ffmpeg(join(work, 'session.mp3')), { artist: 'Linkin Park', title: 'Session', album: METEORA, durationMs: 144000, isrc: isrc(12) });
    expect(record.status).toBe('done');
    expect(record.steps.find((s) => s.name === 'lyrics')).toMatchObject({ status: 'done', detail: 'instrumental (LRCLIB)' });
    expect((await readAudioInfo(record.resultPath as string)).tags.lyrics).toBeUndefined();
  });

  it.each([
    ['after the tags were written', 2, { afterStep: 'tags' }],
    ['after the library name was linked, before the source was removed', 3, { moveStep: 'linked' }],
    ['after the destination folder was synced', 4, { moveStep: 'dest-dir-synced' }],
    ['after the move finished, before the row was saved done', 5, { afterStep: 'move' }],
  ] as const)('a crash %s is repaired by re-running: exactly one correct file', async (_label, track, crash) => {
    const titles = ['', '', "Don't Stay", 'Somewhere I Belong', 'Lying from You', 'Hit the Floor'];
    const durations = [0, 0, 187000, 213000, 175000, 164000];
    const title = titles[track];
    const source = ffmpeg(join(work, `crash-${track}.mp3`));
    const created = await imports.create({ path: source, hints: { artist: 'Linkin Park', title, album: METEORA, durationMs: durations[track], isrc: isrc(track) } });
    const boom = new Error('simulated crash');
    await expect(
      imports.process(created.id, {
        afterStep: (name) => {
          if ('afterStep' in crash && name === crash.afterStep) throw boom;
        },
        onMoveStep: (step) => {
          if ('moveStep' in crash && step === crash.moveStep) throw boom;
        },
      }),
    ).rejects.toBe(boom);

    const rerun = await imports.process(created.id);
    expect(rerun?.status).toBe('done');
    const matching = audioFilesUnder(library).filter((p) => basename(p).includes(title));
    expect(matching).toEqual([rerun?.resultPath]);
    expect(existsSync(source)).toBe(false);
    const tags = (await readAudioInfo(rerun?.resultPath as string)).tags;
    expect(tags).toMatchObject({ title, trackNumber: track, album: METEORA, hasFrontCover: true });
    // A third run of a finished import changes nothing.
    expect(await imports.process(created.id)).toEqual(rerun);
  });

  it('fails a corrupt file with the reason, without retrying, and keeps the file where it was', async () => {
    const path = join(work, 'corrupt.mp3');
    writeFileSync(path, Buffer.alloc(4096, 7));
    const record = await importFile(path, { artist: 'Linkin Park', title: 'Numb' });
    expect(record.status).toBe('failed');
    expect(record.error).toMatch(/corrupt|unsupported/);
    expect(record.steps).toEqual([expect.objectContaining({ name: 'verify', status: 'failed' })]);
    expect(existsSync(path)).toBe(true);
  });

  it('with MusicBrainz unreachable the file is still imported from the hints; the step records why', async () => {
    const before = await settings.get();
    await settings.update({ providers: { musicBrainz: 'http://127.0.0.1:9' } });
    try {
      const record = await importFile(ffmpeg(join(work, 'bad guy.flac')), {
        artist: 'Billie Eilish',
        title: 'bad guy',
        album: 'WHEN WE ALL FALL ASLEEP, WHERE DO WE GO?',
        durationMs: 194088,
        isrc: 'USUM71900764',
        trackNumber: 2,
      });
      expect(record.status).toBe('done');
      const metadata = record.steps.find((s) => s.name === 'metadata');
      expect(metadata?.status).toBe('failed');
      expect(metadata?.detail).toMatch(/MusicBrainz unavailable/);
      expect(metadata?.detail).toMatch(/Deezer track \d+ by ISRC/);
      expect(relative(library, record.resultPath as string).split(sep)).toEqual(['Billie Eilish', 'WHEN WE ALL FALL ASLEEP, WHERE DO WE GO (2019)', '02 - bad guy.flac']);
      // No MusicBrainz release, so no Cover Art Archive: the album image Deezer named is embedded and written beside the file.
      expect(record.steps.find((s) => s.name === 'cover')).toMatchObject({ status: 'done', detail: expect.stringMatching(/bytes from Deezer/) });
      expect(existsSync(join(dirname(record.resultPath as string), 'cover.jpg'))).toBe(true);
      expect((await readAudioInfo(record.resultPath as string)).tags).toMatchObject({ title: 'bad guy', artists: ['Billie Eilish'], trackNumber: 2 });
    } finally {
      await settings.update({ providers: before.providers });
    }
  });

  it('with MusicBrainz answering 503 every time the import still completes after bounded retries; the step says why', async () => {
    const unavailable = createServer((req, res) => {
      requests503++;
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end(JSON.stringify({ error: 'Your requests are exceeding the allowable rate limit.', help: 'https://musicbrainz.org/doc/XML_Web_Service/Rate_Limiting' }));
    });
    let requests503 = 0;
    await new Promise<void>((resolve) => unavailable.listen(0, '127.0.0.1', resolve));
    const before = await settings.get();
    await settings.update({ providers: { musicBrainz: `http://127.0.0.1:${(unavailable.address() as AddressInfo).port}` } });
    try {
      const record = await importFile(ffmpeg(join(work, 'xanny.mp3')), { artist: 'Billie Eilish', title: 'xanny', durationMs: 243000, isrc: 'USUM71900473' });
      expect(record.status).toBe('done');
      expect(record.attempts).toBe(1);
      const metadata = record.steps.find((s) => s.name === 'metadata');
      expect(metadata).toMatchObject({ status: 'failed' });
      expect(metadata?.detail).toMatch(/MusicBrainz unavailable/);
      expect(requests503).toBeGreaterThan(1);
      expect(requests503).toBeLessThanOrEqual(6);
      // Deezer filled the album the hints lacked.
      expect(relative(library, record.resultPath as string).split(sep).slice(0, 2)).toEqual(['Billie Eilish', 'WHEN WE ALL FALL ASLEEP, WHERE DO WE GO (2019)']);
    } finally {
      await settings.update({ providers: before.providers });
      await new Promise((resolve) => unavailable.close(resolve));
    }
  });

  it('a disk problem during the move is retried by the job and ends failed with the reason on the last attempt', async () => {
    const blocker = join(work, 'not-a-folder');
    writeFileSync(blocker, 'a file where the library folder should be');
    const before = await settings.get();
    await settings.update({ libraryPath: blocker, steps: { musicbrainz: false, coverArt: false, lyrics: false } });
    const processor = app.get(ImportFileProcessor);
    try {
      const source = ffmpeg(join(work, 'disk.mp3'));
      const created = await imports.create({ path: source, hints: { artist: 'A', title: 'B', album: 'C' } });
      const job = (attemptsMade: number) => ({ opts: { attempts: 2 }, attemptsMade }) as unknown as Job;
      await expect(processor.handle({ importId: created.id }, job(0))).rejects.toThrow(/ENOTDIR|not a directory/);
      expect(await imports.get(created.id)).toMatchObject({ status: 'queued', error: expect.stringMatching(/^attempt 1 failed, retrying: .*(ENOTDIR|not a directory)/) });
      await expect(processor.handle({ importId: created.id }, job(1))).rejects.toThrow(/ENOTDIR|not a directory/);
      const failed = await imports.get(created.id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
      expect(failed.steps.at(-1)).toMatchObject({ name: 'move', status: 'failed' });
      expect(existsSync(source)).toBe(true);

      // The user fixes the library folder and presses Retry: the destination is planned again.
      await settings.update({ libraryPath: before.libraryPath });
      await imports.retry(created.id);
      const retried = await imports.process(created.id);
      expect(retried).toMatchObject({ status: 'done', error: null });
      expect(retried?.resultPath?.startsWith(library)).toBe(true);
    } finally {
      await settings.update({ libraryPath: before.libraryPath, steps: before.steps });
    }
  });

  it('hostile metadata (slashes, .., 400 characters, emoji, RTL) yields a safe path inside the library', async () => {
    await settings.update({ steps: { musicbrainz: false, coverArt: false, lyrics: false } });
    try {
      const title = `../../etc/passwd/${'x'.repeat(400)} 🎸 \u202Eשלום`;
      const record = await importFile(ffmpeg(join(work, 'hostile.mp3')), { artist: 'AC/DC/..', title, album: '..', trackNumber: 1 });
      expect(record.status).toBe('done');
      const rel = relative(library, record.resultPath as string);
      expect(rel.startsWith('..')).toBe(false);
      const parts = rel.split(sep);
      expect(parts).toHaveLength(3);
      for (const part of parts) {
        expect(part).not.toMatch(/^\.+$/);
        expect(Buffer.byteLength(part)).toBeLessThanOrEqual(255);
      }
      expect(existsSync(record.resultPath as string)).toBe(true);
      expect((await readAudioInfo(record.resultPath as string)).tags.title).toBe(title);
    } finally {
      await settings.update({ steps: { musicbrainz: true, coverArt: true, lyrics: true } });
    }
  });
});

describe('imports HTTP API', () => {
  async function call(
    method: string,
    path: string,
    body?: unknown,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of several shapes
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  it('POST /imports answers 202 with a queued row; GET lists newest first, filters by status; retry re-queues a failed one', async () => {
    const path = join(work, 'http-corrupt.flac');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'not audio');
    const created = await call('POST', '/imports', { path, hints: { artist: 'X', title: 'Y', durationMs: 1000 } });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ status: 'queued', sourcePath: path, steps: [] });
    await imports.process(created.body.id);

    const list = await call('GET', '/imports?pageSize=2');
    expect(list.status).toBe(200);
    expect(list.body.items[0].id).toBe(created.body.id);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.total).toBeGreaterThan(2);
    const failed = await call('GET', '/imports?status=failed');
    expect(failed.body.items.every((i: ImportRecord) => i.status === 'failed')).toBe(true);
    expect((await call('GET', `/imports/${created.body.id}`)).body.error).toMatch(/corrupt|unsupported/);

    const retried = await call('POST', `/imports/${created.body.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ status: 'queued', error: null });
    expect((await call('POST', `/imports/${created.body.id}/retry`)).status).toBe(409);
    expect((await call('GET', '/imports/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('rejects bad input with 400', async () => {
    expect((await call('POST', '/imports', { path: 'relative/file.mp3' })).status).toBe(400);
    expect((await call('POST', '/imports', { path: '/x.mp3', hints: { isrc: 'nope' } })).status).toBe(400);
    expect((await call('POST', '/imports', { path: '/x.mp3', extra: 1 })).status).toBe(400);
    expect((await call('PUT', '/settings/import', { templates: { standard: '{Album Title/{nope}' } })).status).toBe(400);
    expect((await call('PUT', '/settings/import', { providers: { musicBrainz: 'not a url' } })).status).toBe(400);
  });

  it('settings: defaults, partial updates, the Last.fm key is sealed and never returned; naming preview', async () => {
    const got = await call('GET', '/settings/import');
    expect(got.body).toMatchObject({ libraryPath: library, lastfmApiKeySet: false, steps: { musicbrainz: true } });
    const put = await call('PUT', '/settings/import', { lastfmApiKey: 'secret-key-123', steps: { lastfmGenres: false } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ lastfmApiKeySet: true, steps: { lastfmGenres: false, musicbrainz: true }, libraryPath: library });
    expect(JSON.stringify(put.body)).not.toContain('secret-key-123');
    const [row] = await app.get(ImportSettingsService)['db'].query("SELECT value::text AS v FROM settings WHERE section = 'import'");
    expect(row.v).not.toContain('secret-key-123');
    expect((await settings.runtime()).lastfmApiKey).toBe('secret-key-123');
    await call('PUT', '/settings/import', { lastfmApiKey: '', steps: { lastfmGenres: true } });

    const preview = await call('POST', '/import/naming-preview', { template: '{Album Artist}/{Album Title}/{track:00} {Track Title}' });
    expect(preview.body).toEqual({ valid: true, errors: [], path: 'Daft Punk/Random Access Memories/08 Get Lucky.flac' });
    const invalid = await call('POST', '/import/naming-preview', { template: '{Bogus Token}' });
    expect(invalid.body.valid).toBe(false);
    expect(invalid.body.path).toBeNull();
    expect(invalid.body.errors.length).toBeGreaterThan(0);
  });
});
