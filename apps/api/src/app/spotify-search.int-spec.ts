import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AddFromSearchResponse, ApiErrorBody, ListSource, ListSourceTrack, Page, SessionInfo, SpotifySearchResponse } from '@soulspot/shared/contracts';
import { SourceSyncService } from '@soulspot/api/spotify';
import { HttpSession } from '@soulspot/api/testing';
import { startFakeSpotify, type FakeSpotify } from '@soulspot/fakes';
import { startTestApi, TestApi } from '../testing/test-api';

const ROAD_TRIP = '3cEYpjA9oz9GiPac4AsH4n';
const CLIENT_ID = 'soulspotTestClient0123456789abcd';

describe('Spotify search page: paged search, add a track or an album as wanted (real PostgreSQL + Redis, fake Spotify over HTTP)', () => {
  let api: TestApi;
  let fake: FakeSpotify;
  let admin: HttpSession;
  let db: DataSource;

  const search = (q: string, type: 'track' | 'album', page = 1) =>
    admin.get<SpotifySearchResponse>(`/api/spotify/search?q=${encodeURIComponent(q)}&type=${type}&page=${page}`);
  const want = (kind: 'track' | 'album', spotifyId: string) => admin.post<AddFromSearchResponse>('/api/spotify/search/want', { kind, spotifyId });
  const wantedRows = async (spotifyId: string): Promise<number> =>
    ((await db.query('SELECT count(*)::int AS n FROM wanted_tracks WHERE spotify_id = $1', [spotifyId])) as { n: number }[])[0].n;

  beforeAll(async () => {
    fake = await startFakeSpotify({ clientId: CLIENT_ID, redirectUris: ['http://127.0.0.1:3000/api/spotify/callback'], separateAccountsPort: true });
    api = await startTestApi('spotify-search');
    api.config.publicUrl = api.url;
    admin = new HttpSession(api.url);
    const res = await admin.post<SessionInfo>('/api/auth/onboarding', { username: 'admin', password: 'correct horse battery' });
    admin.csrfToken = res.body.csrfToken;
    db = api.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await api?.close();
    await fake?.close();
  });

  it('answers 409 with the way out while Spotify is not connected', async () => {
    const res = await admin.get<ApiErrorBody>('/api/spotify/search?q=love&type=track');
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/not connected.*Settings/i);
    const add = await admin.post<ApiErrorBody>('/api/spotify/search/want', { kind: 'track', spotifyId: 'abc123' });
    expect(add.status).toBe(409);
    expect((await admin.get<ApiErrorBody>('/api/spotify/search?q=love&type=playlist')).status).toBe(400);
  });

  it('connects (PKCE against the fake)', async () => {
    expect((await admin.request('PUT', '/api/spotify/settings', { json: { clientId: CLIENT_ID, accountsBaseUrl: fake.accountsUrl, apiBaseUrl: fake.apiUrl } })).status).toBe(200);
    const { authorizeUrl } = (await admin.post<{ authorizeUrl: string }>('/api/spotify/connect')).body;
    const consent = await fetch(authorizeUrl, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location') ?? '');
    expect((await admin.get(callback.pathname + callback.search)).headers.get('location')).toBe('/settings?spotify=connected');
  });

  it('pages search results 10 at a time with hasMore, for tracks and albums', async () => {
    fake.control.resetRequestLog();
    const p1 = await search('a', 'track');
    expect(p1.status).toBe(200);
    expect(p1.body.items).toHaveLength(10);
    expect(p1.body).toMatchObject({ page: 1, pageSize: 10, hasMore: true });
    expect(p1.body.total).toBeGreaterThan(20);
    const p2 = await search('a', 'track', 2);
    expect(p2.body.items).toHaveLength(10);
    expect(p2.body.page).toBe(2);
    const ids1 = new Set(p1.body.items.map((i) => i.spotifyId));
    expect(p2.body.items.some((i) => ids1.has(i.spotifyId))).toBe(false);
    expect(p1.body.items[0]).toMatchObject({ kind: 'track', wanted: false, name: expect.any(String), artists: expect.any(Array) });
    // One Spotify request per page (the fake, like Spotify, refuses limits above 10 with 400).
    expect(fake.control.countRequests('/v1/search')).toBe(2);

    const albums = await search('a', 'album');
    expect(albums.body.items.length).toBeGreaterThan(0);
    expect(albums.body.items.length).toBeLessThanOrEqual(10);
    expect(albums.body.items[0]).toMatchObject({ kind: 'album', wanted: false, totalTracks: expect.any(Number) });

    // The last page says there is no more.
    const lastPage = Math.ceil(p1.body.total / 10);
    if (lastPage <= 100) {
      const last = await search('a', 'track', lastPage);
      expect(last.body.hasMore).toBe(false);
      expect(last.body.items.length).toBe(p1.body.total - (lastPage - 1) * 10);
    }
    expect((await admin.get<ApiErrorBody>('/api/spotify/search?q=a&type=track&page=0')).status).toBe(400);
  });

  it('adds a track once, even when added twice and when a synced playlist already lists it', async () => {
    // A playlist track: wanted through the synced list, so search marks it and adding creates nothing.
    const roadTrip = (await admin.post<ListSource>('/api/sources', { kind: 'spotify_playlist', externalId: ROAD_TRIP, name: 'Road trip' })).body;
    await api.app.get(SourceSyncService).sync(roadTrip.id);
    const listed = (await admin.get<Page<ListSourceTrack>>(`/api/sources/${roadTrip.id}/tracks?pageSize=500`)).body.items;
    const inList = listed.find((t) => t.spotifyId && t.isrc);
    expect(inList).toBeDefined();
    const hit = (await search(`isrc:${inList?.isrc}`, 'track')).body.items.find((i) => i.spotifyId === inList?.spotifyId);
    expect(hit?.wanted).toBe(true);
    const again = await want('track', inList?.spotifyId as string);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ tracks: 1, created: 0 });
    expect(await wantedRows(inList?.spotifyId as string)).toBe(1);

    // A track in no list: created once, then only listed.
    const listedIds = new Set(listed.map((t) => t.spotifyId));
    const fresh = [...fake.library.tracks.values()].find((t) => !listedIds.has(t.id) && t.isrc);
    expect(fresh).toBeDefined();
    const before = (await search(`isrc:${fresh?.isrc}`, 'track')).body.items.find((i) => i.spotifyId === fresh?.id);
    expect(before?.wanted).toBe(false);
    const first = await want('track', fresh?.id as string);
    expect(first.body).toMatchObject({ tracks: 1, created: 1 });
    const second = await want('track', fresh?.id as string);
    expect(second.body).toMatchObject({ tracks: 1, created: 0, sourceId: first.body.sourceId });
    expect(await wantedRows(fresh?.id as string)).toBe(1);
    const after = (await search(`isrc:${fresh?.isrc}`, 'track')).body.items.find((i) => i.spotifyId === fresh?.id);
    expect(after?.wanted).toBe(true);

    const src = (await admin.get<ListSource>(`/api/sources/${first.body.sourceId}`)).body;
    expect(src).toMatchObject({ kind: 'search', name: 'Added from search', syncEnabled: false });
    const entries = (await admin.get<Page<ListSourceTrack>>(`/api/sources/${src.id}/tracks`)).body.items;
    expect(entries.map((e) => e.spotifyId).sort()).toEqual([inList?.spotifyId, fresh?.id].sort());
    // The search list is one list: it is not synced from Spotify.
    expect((await admin.post<ApiErrorBody>(`/api/sources/${src.id}/sync`)).status).toBe(400);
    expect((await want('track', 'doesNotExist000')).status).toBe(404);
  });

  it('adds an album: all its tracks become wanted on the same list and the album shows as wanted', async () => {
    const wanted = new Set(((await db.query('SELECT spotify_id FROM wanted_tracks WHERE spotify_id IS NOT NULL')) as { spotify_id: string }[]).map((r) => r.spotify_id));
    const album = [...fake.library.albums.values()].find((a) => a.trackIds.length >= 3 && a.trackIds.every((id) => !wanted.has(id)) && !a.name.includes('"'));
    expect(album).toBeDefined();
    const artist = fake.library.artists.get(album?.artistIds[0] as string)?.name ?? '';
    const found = async () => (await search(`album:"${album?.name}" artist:"${artist}"`, 'album')).body.items.find((i) => i.spotifyId === album?.id);
    expect((await found())?.wanted).toBe(false);

    const res = await want('album', album?.id as string);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tracks: album?.trackIds.length, created: album?.trackIds.length });
    for (const id of album?.trackIds ?? []) expect(await wantedRows(id)).toBe(1);
    expect((await want('album', album?.id as string)).body.created).toBe(0);
    expect((await found())?.wanted).toBe(true);
    const src = (await admin.get<ListSource>(`/api/sources/${res.body.sourceId}`)).body;
    expect(src.counts.total).toBe(2 + (album?.trackIds.length ?? 0));
    expect((await admin.get<ListSource[]>('/api/sources')).body.filter((s) => s.kind === 'search')).toHaveLength(1);
  });

  it('answers 409 "reconnect" when Spotify revoked the grant', async () => {
    fake.control.revokeGrants();
    fake.control.expireAccessTokens();
    const res = await admin.get<ApiErrorBody>('/api/spotify/search?q=a&type=track');
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/reconnect/i);
  });
});
