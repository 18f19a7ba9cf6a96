import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CreateDownloadsResponse, ExportM3u8Response, ImportListResponse, ListSource, ListSourceTrack, Page } from '@soulspot/shared/contracts';
import { createTestDatabase, HttpSession } from '@soulspot/api/testing';
import { startFakeSlskd, type FakeSlskd } from '@soulspot/fakes';
import { RunningApp, startApp } from './support/app-process';

jest.setTimeout(240_000);

const PASSWORD = 'a long enough password';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LIST_NAME = 'Поездка · 旅 🚗';

/**
 * A list becomes a playlist in the library, in the built processes (launcher: api + worker), the real
 * PostgreSQL and Redis and the fake slskd over HTTP: import a CSV list, "download missing" for the whole
 * list, the engine fetches and verifies the shared files, automation hands each to the import, the import
 * files it and the list's M3U8 in <library>/Playlists lists exactly the arrived tracks in list order.
 */
describe('list → download missing → library → M3U8 (built processes, fake slskd)', () => {
  let fake: FakeSlskd;
  let app: RunningApp;
  let drop: () => Promise<void>;
  let admin: HttpSession;
  let library: string;

  beforeAll(async () => {
    const db = await createTestDatabase('e2e-lists');
    drop = db.drop;
    library = join(mkdtempSync(join(tmpdir(), 'soulspot-e2e-lists-')), 'library');
    fake = await startFakeSlskd({
      catalogue: {
        peers: [
          {
            username: 'quickshare',
            uploadSpeed: 20_000_000,
            queueLength: 0,
            hasFreeUploadSlot: true,
            files: [
              { path: '@@q\\Music\\The Velvet Foxes\\Neon Boulevard (2009)\\01 - Midnight Static.mp3', size: 4_800_000, length: 200, bitRate: 192 },
              { path: '@@q\\Music\\The Velvet Foxes\\Neon Boulevard (2009)\\03 - Paper Satellites.mp3', size: 5_280_000, length: 220, bitRate: 192 },
            ],
          },
        ],
      },
      timing: { searchResponseDelayMs: [20, 80], maxTransferMs: 3_000, progressIntervalMs: 200, fileMoveDelayMs: 100 },
    });
    app = await startApp({ databaseUrl: db.url });
    admin = new HttpSession(app.url);
    const onboard = await admin.post<{ csrfToken: string }>('/api/auth/onboarding', { username: 'admin', password: PASSWORD });
    admin.csrfToken = onboard.body.csrfToken;
    expect(
      (await admin.request('PUT', '/api/settings/slskd', { json: { url: fake.url, apiKey: fake.apiKey, downloadsPathRemote: fake.downloadsDir, downloadsPathLocal: fake.downloadsDir, searchMinGapMs: 0 } }))
        .status,
    ).toBe(200);
    // No internet in tests: the import files by the list's own data (MusicBrainz, covers, lyrics off).
    expect(
      (await admin.request('PUT', '/api/settings/import', { json: { libraryPath: library, steps: { musicbrainz: false, coverArt: false, lyrics: false, lastfmGenres: false } } })).status,
    ).toBe(200);
  });

  afterAll(async () => {
    await app?.stop('SIGTERM');
    await fake?.close();
    await drop?.();
  });

  it('downloads what the list misses and keeps its M3U8 current as the files arrive', async () => {
    const csv = ['artist,title,album,duration', 'The Velvet Foxes,Paper Satellites,Neon Boulevard,3:40', 'Nobody Shares,This Song,Nowhere,3:00', 'The Velvet Foxes,Midnight Static,Neon Boulevard,3:20'].join('\n');
    const imported = await admin.post<ImportListResponse>('/api/sources/import', { fileName: 'trip.csv', name: LIST_NAME, content: csv });
    expect(imported.status).toBe(201);
    const sourceId = imported.body.source.id;
    expect(imported.body.source.counts).toMatchObject({ total: 3, wanted: 3, inLibrary: 0, missing: 3 });

    const queued = await admin.post<CreateDownloadsResponse>('/api/downloads', { sourceId });
    expect(queued.status).toBe(201);
    expect(queued.body).toMatchObject({ created: 3, existing: 0 });
    // Asking again doubles nothing.
    expect((await admin.post<CreateDownloadsResponse>('/api/downloads', { sourceId })).body).toMatchObject({ created: 0, existing: 3 });

    const deadline = Date.now() + 180_000;
    let source: ListSource | undefined;
    for (;;) {
      source = (await admin.get<ListSource>(`/api/sources/${sourceId}`)).body;
      if (source.counts.inLibrary === 2) break;
      if (Date.now() > deadline) throw new Error(`tracks never arrived: ${JSON.stringify(source.counts)}\n${app.output().slice(-4000)}`);
      await sleep(500);
    }
    expect(source.counts).toMatchObject({ total: 3, wanted: 3, inLibrary: 2, missing: 1 });
    const tracks = (await admin.get<Page<ListSourceTrack>>(`/api/sources/${sourceId}/tracks?page=1&pageSize=10`)).body.items;
    expect(tracks.map((t) => [t.title, t.state])).toEqual([
      ['Paper Satellites', 'in_library'],
      ['This Song', 'wanted'],
      ['Midnight Static', 'in_library'],
    ]);

    // Written by the arrivals themselves, no export clicked: the two files, in list order, paths that resolve.
    const playlist = join(library, 'Playlists', `${LIST_NAME}.m3u8`);
    const lines = readFileSync(playlist, 'utf8').split('\n');
    expect(lines[0]).toBe('#EXTM3U');
    expect(lines.filter((l) => l.startsWith('#EXTINF'))).toEqual(['#EXTINF:220,The Velvet Foxes - Paper Satellites', '#EXTINF:200,The Velvet Foxes - Midnight Static']);
    const paths = lines.filter((l) => l && !l.startsWith('#'));
    expect(paths).toHaveLength(2);
    for (const p of paths) {
      expect(p.startsWith('../')).toBe(true);
      expect(existsSync(resolve(dirname(playlist), p))).toBe(true);
    }

    // The button's endpoint rewrites the same file and reports the counts.
    const exported = await admin.post<ExportM3u8Response>(`/api/sources/${sourceId}/export-m3u8`, {});
    expect(exported.status).toBe(200);
    expect(exported.body).toEqual({ path: playlist, total: 3, written: 2, missing: 1 });
  });
});
