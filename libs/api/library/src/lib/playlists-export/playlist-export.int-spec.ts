import { INestApplication, ValidationPipe } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { closeSync, existsSync, fstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { CoreModule } from '@soulspot/api/core';
import { DatabaseModule } from '@soulspot/api/database';
import { createTestDatabase, testConfig, testRedisPrefix } from '@soulspot/api/testing';
import { LIBRARY_ENTITIES, LibraryModule } from '../library.module';
import { WantedTracksRepository, WantedTrackInput } from '../wanted/wanted-tracks.repository';
import { PlaylistExportService } from './playlist-export.service';

jest.setTimeout(60_000);

/* M3U8 export against the real PostgreSQL, real files in a temporary library, and the HTTP route. */

let app: INestApplication;
let baseUrl: string;
let exporter: PlaylistExportService;
let wanted: WantedTracksRepository;
let db: DataSource;
let drop: () => Promise<void>;
let library: string;

const track = (artist: string, title: string, position: number, durationMs = 200_000): WantedTrackInput => ({
  dedupeKey: `meta:${artist}|${title}|${durationMs}`,
  metaKey: `meta:${artist}|${title}|${durationMs}`,
  title,
  artists: [artist],
  durationMs,
  position,
});

async function makeList(name: string, tracks: WantedTrackInput[]): Promise<{ sourceId: string; ids: string[] }> {
  const source = await wanted.createSource({ kind: 'text', name });
  await wanted.upsertEntries(source.id, '00000000-0000-4000-8000-000000000001', tracks);
  const rows = (await db.query(`SELECT wanted_track_id AS id FROM source_entries WHERE source_id = $1 ORDER BY position`, [source.id])) as { id: string }[];
  return { sourceId: source.id, ids: rows.map((r) => r.id) };
}

/** A real file at `<library>/<rel>` (content irrelevant to the export). */
function libraryFile(rel: string): string {
  const path = join(library, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, 'audio');
  return path;
}

async function post(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST' });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  const database = await createTestDatabase('playlist-export');
  drop = database.drop;
  library = mkdtempSync(join(tmpdir(), 'soulspot-m3u8-'));
  const moduleRef = await Test.createTestingModule({
    imports: [CoreModule.forRoot(testConfig({ redisPrefix: testRedisPrefix('playlist-export') })), DatabaseModule.forRoot({ url: database.url, entities: LIBRARY_ENTITIES }), LibraryModule.forApi()],
  }).compile();
  app = moduleRef.createNestApplication({ logger: ['error'] });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.listen(0, '127.0.0.1');
  baseUrl = `${await app.getUrl()}/api`.replace('[::1]', '127.0.0.1');
  exporter = app.get(PlaylistExportService);
  wanted = app.get(WantedTracksRepository);
  db = app.get(DataSource);
  await db.query(`INSERT INTO settings (section, value) VALUES ('import', $1)`, [JSON.stringify({ libraryPath: library })]);
});

afterAll(async () => {
  await app?.close();
  await drop?.();
  rmSync(library, { recursive: true, force: true });
});

describe('M3U8 export', () => {
  it('writes the tracks that are in the library, in list order, relative to the playlist folder, through the API', async () => {
    const { sourceId, ids } = await makeList('Дорога · 旅の歌', [track('Кино', 'Группа крови', 0, 285_000), track('Linkin Park', 'Faint', 1, 162_000), track('宇多田ヒカル', 'First Love', 2, 257_000)]);
    // Second and third in the library (out of order on purpose), the first still missing.
    await exporter.trackImported(ids[2], libraryFile('宇多田ヒカル/First Love (1999)/01 - First Love.flac'));
    await exporter.trackImported(ids[1], libraryFile('Linkin Park/Meteora (2003)/07 - Faint.mp3'));

    const res = await post(`/sources/${sourceId}/export-m3u8`);
    expect(res.status).toBe(200);
    const path = join(library, 'Playlists', 'Дорога · 旅の歌.m3u8');
    expect(res.body).toEqual({ path, total: 3, written: 2, missing: 1 });
    expect(readFileSync(path, 'utf8')).toBe(
      ['#EXTM3U', '#PLAYLIST:Дорога · 旅の歌', `#X-SOULSPOT-LIST:${sourceId}`, '#EXTINF:162,Linkin Park - Faint', '../Linkin Park/Meteora (2003)/07 - Faint.mp3', '#EXTINF:257,宇多田ヒカル - First Love', '../宇多田ヒカル/First Love (1999)/01 - First Love.flac', ''].join('\n'),
    );
    // Every path resolves from the playlist's folder to the real file, as a media server does it.
    for (const line of readFileSync(path, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))) expect(statSync(resolve(dirname(path), line)).isFile()).toBe(true);

    const listed = (await wanted.findSource(sourceId))?.counts;
    expect(listed).toMatchObject({ total: 3, wanted: 3, inLibrary: 2, missing: 1, excluded: 0 });
    const tracks = await wanted.listTracks(sourceId, 1, 10, false);
    expect(tracks.items.map((t) => t.state)).toEqual(['wanted', 'in_library', 'in_library']);
  });

  it('rewrites the playlist of every list holding a track when its file arrives, and leaves out a deleted file', async () => {
    const a = await makeList('Arrivals A', [track('Arrival', 'One', 0), track('Arrival', 'Two', 1)]);
    const b = await makeList('Arrivals B', [track('Arrival', 'Two', 0)]);
    expect(b.ids[0]).toBe(a.ids[1]); // one wanted track, two lists
    const two = libraryFile('Arrival/Album/02 - Two.mp3');
    const result = await exporter.trackImported(a.ids[1], two);
    expect(result.sources.sort()).toEqual([a.sourceId, b.sourceId].sort());
    expect(readFileSync(join(library, 'Playlists', 'Arrivals A.m3u8'), 'utf8')).toContain('../Arrival/Album/02 - Two.mp3');
    expect(readFileSync(join(library, 'Playlists', 'Arrivals B.m3u8'), 'utf8')).toContain('../Arrival/Album/02 - Two.mp3');

    // Idempotent: the same arrival again changes nothing.
    await exporter.trackImported(a.ids[1], two);
    expect(readFileSync(join(library, 'Playlists', 'Arrivals B.m3u8'), 'utf8')).toBe(`#EXTM3U\n#PLAYLIST:Arrivals B\n#X-SOULSPOT-LIST:${b.sourceId}\n#EXTINF:200,Arrival - Two\n../Arrival/Album/02 - Two.mp3\n`);

    rmSync(two);
    expect(await exporter.exportSource(b.sourceId)).toMatchObject({ total: 1, written: 0, missing: 1 });
    expect(readFileSync(join(library, 'Playlists', 'Arrivals B.m3u8'), 'utf8')).toBe(`#EXTM3U\n#PLAYLIST:Arrivals B\n#X-SOULSPOT-LIST:${b.sourceId}\n`);
    expect(await exporter.trackImported('00000000-0000-4000-8000-00000000dead', two)).toEqual({ sources: [] });
  });

  it('keeps hostile list names inside <library>/Playlists and gives clashing names their own files', async () => {
    const names = ['../../escape', 'a/b\\c', 'CON', '.hidden', 'x'.repeat(400), 'line\nbreak', 'Mix', 'mix'];
    const paths: string[] = [];
    for (const name of names) {
      const { sourceId } = await makeList(name, [track('Hostile', name.slice(0, 50), 0)]);
      paths.push((await exporter.exportSource(sourceId)).path);
    }
    const dir = join(library, 'Playlists');
    for (const p of paths) expect(dirname(p)).toBe(dir);
    expect(new Set(paths).size).toBe(names.length);
    expect(readdirSync(library).sort()).toEqual(expect.not.arrayContaining(['escape.m3u8']));
    expect(readdirSync(dirname(library)).filter((f) => f.endsWith('.m3u8'))).toEqual([]);
  });

  it('replaces the file atomically: a new inode each time, never a temp file left, and concurrent arrivals all end up in it', async () => {
    const tracks = Array.from({ length: 12 }, (_, i) => track('Concurrent', `Song ${i}`, i));
    const { sourceId, ids } = await makeList('Concurrent', tracks);
    const first = await exporter.exportSource(sourceId);
    // A reader that has the old playlist open keeps reading the complete old file (rename, not rewrite in place).
    const reader = openSync(first.path, 'r');
    const before = fstatSync(reader).ino;
    await Promise.all(ids.map((id, i) => exporter.trackImported(id, libraryFile(`Concurrent/Album/${String(i + 1).padStart(2, '0')} - Song ${i}.mp3`))));
    const text = readFileSync(first.path, 'utf8');
    expect(text.split('\n').filter((l) => l.startsWith('../'))).toEqual(ids.map((_, i) => `../Concurrent/Album/${String(i + 1).padStart(2, '0')} - Song ${i}.mp3`));
    expect(statSync(first.path).ino).not.toBe(before);
    expect(readFileSync(reader, 'utf8')).toBe(`#EXTM3U\n#PLAYLIST:Concurrent\n#X-SOULSPOT-LIST:${sourceId}\n`);
    closeSync(reader);
    expect(readdirSync(dirname(first.path)).filter((f) => !f.endsWith('.m3u8'))).toEqual([]);
  });

  it("replaces a renamed list's old file, removes a deleted list's file, and never touches files it did not write", async () => {
    const { sourceId, ids } = await makeList('Before rename', [track('Renamed', 'Song', 0)]);
    await exporter.trackImported(ids[0], libraryFile('Renamed/Album/01 - Song.mp3'));
    const dir = join(library, 'Playlists');
    const own = join(dir, 'My own playlist.m3u8');
    writeFileSync(own, `#EXTM3U\n#X-SOULSPOT-LIST:${sourceId}x\n../Renamed/Album/01 - Song.mp3\n`);
    expect(existsSync(join(dir, 'Before rename.m3u8'))).toBe(true);

    await wanted.updateSource(sourceId, { name: 'After rename' });
    const renamed = await exporter.exportSource(sourceId);
    expect(renamed.path).toBe(join(dir, 'After rename.m3u8'));
    expect(existsSync(join(dir, 'Before rename.m3u8'))).toBe(false);

    await wanted.deleteSource(sourceId);
    expect(await exporter.removeForList(sourceId)).toEqual([renamed.path]);
    expect(existsSync(renamed.path)).toBe(false);
    expect(existsSync(own)).toBe(true);
  });

  it('answers 409 with the reason when the library folder cannot be written, and leaves nothing behind', async () => {
    const { sourceId } = await makeList('Unwritable', [track('Nobody', 'Nothing', 0)]);
    const notAFolder = join(library, 'not-a-folder');
    writeFileSync(notAFolder, 'a file where the library should be');
    await db.query(`UPDATE settings SET value = $1 WHERE section = 'import'`, [JSON.stringify({ libraryPath: notAFolder })]);
    try {
      const res = await post(`/sources/${sourceId}/export-m3u8`);
      expect(res.status).toBe(409);
      expect(res.body['message']).toMatch(/Cannot write the playlist into .*not-a-folder.*ENOTDIR.*Settings → Import/);
    } finally {
      await db.query(`UPDATE settings SET value = $1 WHERE section = 'import'`, [JSON.stringify({ libraryPath: library })]);
    }
    expect(readFileSync(notAFolder, 'utf8')).toBe('a file where the library should be');
  });

  it('answers 404 for an unknown list and 400 for a malformed id', async () => {
    expect((await post('/sources/00000000-0000-4000-8000-000000000000/export-m3u8')).status).toBe(404);
    expect((await post('/sources/not-a-uuid/export-m3u8')).status).toBe(400);
  });
});
