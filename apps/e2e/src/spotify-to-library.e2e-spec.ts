import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { CreateDownloadsResponse, ImportRecord, ListSource, ListSourceTrack, Page, SpotifyConnection } from '@soulspot/shared/contracts';
import { createRedis } from '@soulspot/api/core';
import { createTestDatabase, HttpSession, testRedisUrl } from '@soulspot/api/testing';
import {
  DEFAULT_SLSKD_CATALOGUE_ALBUMS,
  fakeIsrc,
  generateDefaultSlskdCatalogue,
  generateSpotifyLibrary,
  startFakeMetadata,
  startFakeSlskd,
  startFakeSpotify,
  type FakeMetadata,
  type FakePlaylistEntry,
  type FakeSlskd,
  type FakeSpotify,
  type FakeSpotifyLibrary,
} from '@soulspot/fakes';
import { freePort, RunningApp, startApp } from './support/app-process';

jest.setTimeout(300_000);

const PASSWORD = 'a long enough password';
const CLIENT_ID = 'soulspotE2eLibraryClient0123456';
const PLAYLIST_ID = 'intoTheLibraryPlaylist';
const PLAYLIST_NAME = 'Into the library';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tracks of the fake slskd's catalogue (its peers share them) that the fake MusicBrainz knows too. */
const PICKS: Array<{ artist: string; album: string; title: string }> = [
  { artist: 'Mara Quinn', album: 'Glass Houses', title: 'Undertow' },
  { artist: 'Kaito Mori', album: 'Tokyo Rain', title: 'Shibuya 3AM' },
  { artist: 'Mara Quinn', album: 'Glass Houses', title: 'Glass Houses' },
];

interface Expected {
  artist: string;
  album: string;
  title: string;
  year: number;
  trackNumber: number;
  trackTotal: number;
  durationMs: number;
}

/** A Spotify library holding one owned playlist made of PICKS, with the ISRCs the fake MusicBrainz uses. */
function libraryWithPlaylist(): { library: FakeSpotifyLibrary; expected: Expected[] } {
  const library = generateSpotifyLibrary({ seed: 11, playlists: [] });
  const expected: Expected[] = [];
  const entries: FakePlaylistEntry[] = [];
  const ids = (kind: string, text: string) => `${kind}${text.replace(/[^A-Za-z0-9]/g, '')}`.padEnd(22, '0').slice(0, 22);
  for (const pick of PICKS) {
    const album = DEFAULT_SLSKD_CATALOGUE_ALBUMS.find((a) => a.artist === pick.artist && a.album === pick.album);
    if (!album) throw new Error(`no album ${pick.album}`);
    const index = album.tracks.findIndex((t) => t.title === pick.title);
    const artistId = ids('ar', pick.artist);
    const albumId = ids('al', pick.album);
    const trackId = ids('tr', `${pick.album}${pick.title}`);
    library.artists.set(artistId, { id: artistId, name: pick.artist });
    if (!library.albums.has(albumId)) {
      library.albums.set(albumId, {
        id: albumId,
        name: album.album,
        albumType: 'album',
        releaseDate: `${album.year}-03-01`,
        releaseDatePrecision: 'day',
        artistIds: [artistId],
        trackIds: [],
        upc: '000000000000',
      });
    }
    library.albums.get(albumId)?.trackIds.push(trackId);
    const durationMs = album.tracks[index].durationSeconds * 1000;
    library.tracks.set(trackId, {
      id: trackId,
      name: pick.title,
      artistIds: [artistId],
      albumId,
      durationMs,
      isrc: fakeIsrc(album.artist, album.album, pick.title),
      discNumber: 1,
      trackNumber: index + 1,
      explicit: false,
    });
    entries.push({ kind: 'track', trackId, addedAt: '2026-01-01T00:00:00Z', addedBy: library.me.id });
    expected.push({ artist: pick.artist, album: album.album, title: pick.title, year: album.year, trackNumber: index + 1, trackTotal: album.tracks.length, durationMs });
  }
  library.playlists.set(PLAYLIST_ID, {
    id: PLAYLIST_ID,
    name: PLAYLIST_NAME,
    description: '',
    ownerId: library.me.id,
    collaborative: false,
    public: false,
    snapshotVersion: 1,
    entries,
    followers: 0,
  });
  library.myPlaylistOrder.unshift(PLAYLIST_ID);
  return { library, expected };
}

/** Tags and streams as ffprobe (Debian's FFmpeg, independent of SoulSpot's taglib) reads them. */
function probe(path: string): { tags: Record<string, string>; durationS: number; attachedPicture: boolean } {
  const out = JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-print_format', 'json', path], { encoding: 'utf8' }),
  ) as { format: { tags?: Record<string, string>; duration: string }; streams: Array<{ codec_type: string; disposition?: { attached_pic?: number } }> };
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(out.format.tags ?? {})) tags[k.toLowerCase()] = v;
  // Ogg/Opus keep comments on the stream, not the container.
  for (const s of out.streams as Array<{ tags?: Record<string, string> }>) for (const [k, v] of Object.entries(s.tags ?? {})) tags[k.toLowerCase()] ??= v;
  return {
    tags,
    durationS: Number(out.format.duration),
    attachedPicture: out.streams.some((s) => s.codec_type === 'video' && s.disposition?.attached_pic === 1),
  };
}

/**
 * Issue 5's end-to-end: a playlist on the fake Spotify becomes tagged files in the library. Built api + worker
 * (launcher), real PostgreSQL and Redis, fake Spotify (PKCE connect over HTTP, as a browser would follow the
 * redirects), fake slskd with its default catalogue, fake MusicBrainz / Cover Art Archive / LRCLIB. The files
 * are read back with ffprobe.
 */
describe('Spotify playlist → download → import → tagged library files (built processes, fakes)', () => {
  let app: RunningApp;
  let spotify: FakeSpotify;
  let slskd: FakeSlskd;
  let metadata: FakeMetadata;
  let drop: () => Promise<void>;
  let admin: HttpSession;
  let library: string;
  let expected: Expected[];
  let port: number;

  beforeAll(async () => {
    const db = await createTestDatabase('e2e-spotify-library');
    drop = db.drop;
    library = join(mkdtempSync(join(tmpdir(), 'soulspot-e2e-spotify-library-')), 'library');
    const seeded = libraryWithPlaylist();
    expected = seeded.expected;
    spotify = await startFakeSpotify({ clientId: CLIENT_ID, separateAccountsPort: true, redirectUris: ['http://127.0.0.1:1/api/spotify/callback'], library: seeded.library });
    slskd = await startFakeSlskd({
      catalogue: generateDefaultSlskdCatalogue(),
      timing: { searchResponseDelayMs: [20, 200], maxTransferMs: 3_000, progressIntervalMs: 200, fileMoveDelayMs: 100 },
    });
    metadata = await startFakeMetadata();
    port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    app = await startApp({ databaseUrl: db.url, env: { PORT: String(port), PUBLIC_URL: url } });
    admin = new HttpSession(app.url);
    const onboard = await admin.post<{ csrfToken: string }>('/api/auth/onboarding', { username: 'admin', password: PASSWORD });
    admin.csrfToken = onboard.body.csrfToken;
    const put = async (path: string, json: unknown) => {
      const res = await admin.request('PUT', path, { json });
      if (res.status !== 200) throw new Error(`PUT ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
    };
    await put('/api/settings/slskd', { url: slskd.url, apiKey: slskd.apiKey, downloadsPathRemote: slskd.downloadsDir, downloadsPathLocal: slskd.downloadsDir, searchMinGapMs: 0 });
    const m = metadata.urls;
    await put('/api/settings/import', {
      libraryPath: library,
      providers: { musicBrainz: m.musicBrainz, coverArtArchive: m.coverArtArchive, lrclib: m.lrclib, lastfm: m.lastfm, deezer: m.deezer },
    });
  });

  afterAll(async () => {
    await app?.stop('SIGTERM');
    await Promise.all([spotify?.close(), slskd?.close(), metadata?.close()]);
    await drop?.();
  });

  it('connects Spotify through the PKCE redirect (HTTP, no browser)', async () => {
    const saved = await admin.request<SpotifyConnection>('PUT', '/api/spotify/settings', { json: { clientId: CLIENT_ID, accountsBaseUrl: spotify.accountsUrl, apiBaseUrl: spotify.apiUrl } });
    expect(saved.status).toBe(200);
    const { authorizeUrl } = (await admin.post<{ authorizeUrl: string }>('/api/spotify/connect')).body;
    expect(new URL(authorizeUrl).searchParams.get('code_challenge_method')).toBe('S256');
    // The fake approves at once and sends the browser back to the api's callback, which a session follows.
    const consent = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const callback = new URL(consent.headers.get('location') ?? '');
    const back = await admin.get(callback.pathname + callback.search);
    expect(back.headers.get('location')).toBe('/settings?spotify=connected');
    expect((await admin.get<SpotifyConnection>('/api/spotify/connection')).body).toMatchObject({ connected: true, status: 'connected' });
  });

  it('syncs the playlist, downloads its tracks and files them tagged into the library, as ffprobe reads them back', async () => {
    const created = await admin.post<ListSource>('/api/sources', { kind: 'spotify_playlist', externalId: PLAYLIST_ID, name: PLAYLIST_NAME });
    expect(created.status).toBe(201);
    const sourceId = created.body.id;
    const deadline = Date.now() + 240_000;
    const waitFor = async <T>(what: string, read: () => Promise<T>, done: (v: T) => boolean): Promise<T> => {
      for (;;) {
        const v = await read();
        if (done(v)) return v;
        if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(v)}\n${app.output().slice(-5000)}`);
        await sleep(500);
      }
    };
    const source = () => admin.get<ListSource>(`/api/sources/${sourceId}`).then((r) => r.body);
    await waitFor('the worker never synced the playlist', source, (s) => s.lastSyncStatus === 'ok');
    const synced = (await admin.get<Page<ListSourceTrack>>(`/api/sources/${sourceId}/tracks?page=1&pageSize=10`)).body.items;
    expect(synced.map((t) => t.title)).toEqual(PICKS.map((p) => p.title));

    const queued = await admin.post<CreateDownloadsResponse>('/api/downloads', { sourceId });
    expect(queued.status).toBe(201);
    expect(queued.body).toMatchObject({ created: 3 });
    const started = Date.now();
    const arrived = await waitFor('tracks never reached the library', source, (s) => s.counts.inLibrary === 3);
    expect(arrived.counts).toMatchObject({ total: 3, inLibrary: 3, missing: 0 });
    process.stdout.write(`[figures] 3 Spotify tracks from 'download missing' to in_library: ${Date.now() - started} ms\n`);

    const tracks = (await admin.get<Page<ListSourceTrack>>(`/api/sources/${sourceId}/tracks?page=1&pageSize=10`)).body.items;
    const imports = (await admin.get<Page<ImportRecord>>('/api/imports?page=1&pageSize=20')).body.items;
    expect(imports.filter((i) => i.status === 'done')).toHaveLength(3);
    const files: string[] = [];
    for (const [i, want] of expected.entries()) {
      const track = tracks[i];
      expect(track.state).toBe('in_library');
      const done = imports.find((r) => r.wantedTrackId === track.wantedTrackId && r.status === 'done');
      expect(done?.steps.map((st) => [st.name, st.status])).toEqual([
        ['verify', 'done'],
        ['metadata', 'done'],
        ['cover', 'done'],
        ['lyrics', expect.stringMatching(/done|skipped/)],
        ['tags', 'done'],
        ['move', 'done'],
      ]);
      const path = done?.resultPath ?? '';
      files.push(path);
      expect(existsSync(path)).toBe(true);
      // Default template: {Album Artist}/{Album Title} ({Release Year})/{track:00} - {Track Title}.<ext>
      const rel = relative(library, path).split('/');
      expect(rel.slice(0, 2)).toEqual([want.artist, `${want.album} (${want.year})`]);
      expect(rel[2]).toMatch(new RegExp(`^${String(want.trackNumber).padStart(2, '0')} - ${want.title}\\.(flac|mp3|m4a|ogg|opus)$`));
      expect(existsSync(join(dirname(path), 'cover.jpg'))).toBe(true);

      const { tags, durationS, attachedPicture } = probe(path);
      expect(tags['title']).toBe(want.title);
      expect(tags['artist']).toBe(want.artist);
      expect(tags['album']).toBe(want.album);
      expect(parseInt(tags['track'] ?? tags['tracknumber'] ?? '', 10)).toBe(want.trackNumber);
      expect(tags['album_artist'] ?? tags['albumartist']).toBe(want.artist);
      expect(String(tags['date'] ?? tags['year'] ?? '')).toContain(String(want.year));
      expect(tags['isrc'] ?? tags['tsrc']).toBe(fakeIsrc(want.artist, want.album, want.title));
      expect(Math.abs(durationS * 1000 - want.durationMs)).toBeLessThan(8_000);
      expect(attachedPicture).toBe(true);
      process.stdout.write(`[figures] ${rel.join('/')}: ${JSON.stringify({ title: tags['title'], artist: tags['artist'], album: tags['album'], track: tags['track'] ?? tags['tracknumber'] })}\n`);
    }
    // Nothing left behind in the downloads folder's audio (every file moved, none duplicated in the library).
    const libraryAudio = execFileSync('find', [library, '-type', 'f', '(', '-name', '*.flac', '-o', '-name', '*.mp3', '-o', '-name', '*.m4a', '-o', '-name', '*.ogg', '-o', '-name', '*.opus', ')'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .sort();
    expect(libraryAudio).toEqual([...files].sort());

    // MusicBrainz was asked politely: never faster than 1/s (the fake answers 503 otherwise), never refused.
    const mb = metadata.requests.filter((r) => r.service === 'musicbrainz');
    expect(mb.length).toBeGreaterThan(0);
    expect(mb.filter((r) => r.status !== 200 && r.status !== 404)).toEqual([]);
    expect(Math.min(...mb.slice(1).map((r, i) => r.at - mb[i].at))).toBeGreaterThanOrEqual(950);
    process.stdout.write(`[figures] MusicBrainz requests for 3 tracks (2 albums): ${mb.length}\n`);
    // The deployed processes keep the answers and the 1/s gate in Redis under the app's prefix (shared by api and worker).
    const redis = createRedis(testRedisUrl(), { connectionName: 'e2e-spotify-library' });
    try {
      const prefix = `sse2e_${port}`;
      const cached = await redis.keys(`${prefix}:metadata-cache:mb:*`);
      // Every request's answer is cached once (ISRCs, the two releases, artists); the second Glass Houses track was
      // found on the release already chosen, without an ISRC lookup of its own.
      expect(cached).toHaveLength(mb.length);
      expect(cached.filter((k) => k.includes(':mb:release:'))).toHaveLength(2);
      expect(cached).toContain(`${prefix}:metadata-cache:mb:isrc:${fakeIsrc(expected[0].artist, expected[0].album, expected[0].title)}`);
      expect(await redis.exists(`${prefix}:rate-gate:musicbrainz`)).toBe(1);
      if (cached.length) await redis.del(...cached);
    } finally {
      await redis.quit();
    }

    // The list's M3U8 names the three files, in list order, by paths that resolve from the playlist folder.
    const playlist = join(library, 'Playlists', `${PLAYLIST_NAME}.m3u8`);
    const lines = readFileSync(playlist, 'utf8').split('\n');
    expect(lines[0]).toBe('#EXTM3U');
    const entries = lines.filter((l) => l && !l.startsWith('#'));
    expect(entries.map((p) => resolve(dirname(playlist), p))).toEqual(files);
  });
});
