import { getDataSourceToken } from '@nestjs/typeorm';
import { DelayedError, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import type { ApiErrorBody, DiscoverSpotifyListsResponse, ImportListResponse, ListSource, ListSourceTrack, Page, SessionInfo, SpotifyConnection } from '@soulspot/shared/contracts';
import { SecretBox } from '@soulspot/api/core';
import { SourceSyncService, SpotifyAccountsClient, SpotifyConnectionService, SpotifySyncSourceProcessor } from '@soulspot/api/spotify';
import { HttpSession } from '@soulspot/api/testing';
import { startFakeSpotify, type FakeSpotify } from '@soulspot/fakes';
import { startTestApi, TestApi } from '../testing/test-api';

const ROAD_TRIP = '3cEYpjA9oz9GiPac4AsH4n';
const CLIENT_ID = 'soulspotTestClient0123456789abcd';

/** The Spotify ids a correct sync must list, in playlist order (first occurrence of a repeated track wins). */
function expectedIds(fake: FakeSpotify, playlistId: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of fake.library.playlists.get(playlistId)?.entries ?? []) {
    if (e.kind !== 'track' || seen.has(e.trackId)) continue;
    seen.add(e.trackId);
    out.push(e.trackId);
  }
  return out;
}

describe('Spotify connection, list sources and sync (real PostgreSQL + Redis, fake Spotify over HTTP)', () => {
  let api: TestApi;
  let fake: FakeSpotify;
  let admin: HttpSession;
  let db: DataSource;
  let sync: SourceSyncService;
  let processor: SpotifySyncSourceProcessor;
  let roadTripId: string;

  const allTracks = async (sourceId: string, includeRemoved = false): Promise<ListSourceTrack[]> => {
    const res = await admin.get<Page<ListSourceTrack>>(`/api/sources/${sourceId}/tracks?pageSize=500${includeRemoved ? '&includeRemoved=true' : ''}`);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const source = async (id: string): Promise<ListSource> => (await admin.get<ListSource>(`/api/sources/${id}`)).body;
  const job = () => ({ id: 'test', token: 'test-token', moveToDelayed: jest.fn<Promise<void>, [number, string?]>(async () => undefined) });

  beforeAll(async () => {
    fake = await startFakeSpotify({ clientId: CLIENT_ID, redirectUris: ['http://127.0.0.1:3000/api/spotify/callback'], separateAccountsPort: true });
    api = await startTestApi('spotify');
    // The redirect URI is built from PUBLIC_URL; the test api listens on an ephemeral port.
    api.config.publicUrl = api.url;
    admin = new HttpSession(api.url);
    const res = await admin.post<SessionInfo>('/api/auth/onboarding', { username: 'admin', password: 'correct horse battery' });
    admin.csrfToken = res.body.csrfToken;
    db = api.app.get<DataSource>(getDataSourceToken());
    sync = api.app.get(SourceSyncService);
    processor = new SpotifySyncSourceProcessor(sync);
  });
  afterAll(async () => {
    await api?.close();
    await fake?.close();
  });

  it('connects through the PKCE redirect flow and stores the tokens sealed', async () => {
    const before = await admin.get<SpotifyConnection>('/api/spotify/connection');
    expect(before.body).toMatchObject({ configured: false, connected: false, status: 'not_connected', redirectUri: `${api.url}/api/spotify/callback` });
    expect((await admin.post<ApiErrorBody>('/api/spotify/connect')).status).toBe(400);

    const bad = await admin.request<ApiErrorBody>('PUT', '/api/spotify/settings', { json: { clientId: 'no spaces allowed' } });
    expect(bad.status).toBe(400);
    const saved = await admin.request<SpotifyConnection>('PUT', '/api/spotify/settings', { json: { clientId: CLIENT_ID, accountsBaseUrl: fake.accountsUrl, apiBaseUrl: fake.apiUrl } });
    expect(saved.status).toBe(200);
    expect(saved.body.configured).toBe(true);

    const { authorizeUrl } = (await admin.post<{ authorizeUrl: string }>('/api/spotify/connect')).body;
    const url = new URL(authorizeUrl);
    expect(url.origin + url.pathname).toBe(`${fake.accountsUrl}/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe(`${api.url}/api/spotify/callback`);

    // The browser follows Spotify's redirect back to the api with its session cookie.
    const consent = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const callback = new URL(consent.headers.get('location') ?? '');
    expect(callback.searchParams.get('state')).toBe(url.searchParams.get('state'));
    const back = await admin.get(callback.pathname + callback.search);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/settings?spotify=connected');

    // A replayed callback (state already used) is refused.
    const replay = await admin.get(callback.pathname + callback.search);
    expect(replay.headers.get('location')).toMatch(/spotify=error/);

    const after = (await admin.get<SpotifyConnection>('/api/spotify/connection')).body;
    expect(after).toMatchObject({ connected: true, status: 'connected', account: { id: fake.library.me.id, displayName: fake.library.me.displayName } });
    expect(after.scopes).toEqual(expect.arrayContaining(['playlist-read-private', 'user-library-read', 'user-follow-read']));

    const [row] = await db.query('SELECT access_token_sealed, refresh_token_sealed FROM spotify_tokens');
    expect(row.access_token_sealed).toMatch(/^v1\./);
    const box = api.app.get(SecretBox);
    expect(box.decrypt(row.refresh_token_sealed)).not.toEqual(row.refresh_token_sealed);
  });

  it('discovers playlists and flags the ones Spotify will not let us read', async () => {
    const res = await admin.post<DiscoverSpotifyListsResponse>('/api/sources/spotify/discover');
    expect(res.status).toBe(200);
    const byName = new Map(res.body.lists.map((l) => [l.name, l]));
    expect(byName.get('Road trip')).toMatchObject({ kind: 'spotify_playlist', externalId: ROAD_TRIP, readable: true });
    expect(byName.get('Shared with friends')?.readable).toBe(true);
    expect(byName.get("Someone else's mix")).toMatchObject({ readable: false, note: expect.stringMatching(/CSV/) });
    expect([...byName.keys()]).toEqual(expect.arrayContaining(['Liked Songs', 'Saved albums', 'Followed artists']));
  });

  it('syncs a playlist with null, local and episode entries in order, skipping and counting them', async () => {
    const created = await admin.post<ListSource>('/api/sources', { kind: 'spotify_playlist', externalId: ROAD_TRIP, name: 'Road trip' });
    expect(created.status).toBe(201);
    expect(created.body.lastSyncStatus).toBe('queued');
    roadTripId = created.body.id;
    expect((await admin.post('/api/sources', { kind: 'spotify_playlist', externalId: ROAD_TRIP, name: 'again' })).status).toBe(409);

    const result = await sync.sync(roadTripId);
    const truth = fake.control.playlistTruth(ROAD_TRIP);
    expect(truth.local + truth.episodes + truth.unavailable).toBeGreaterThan(0);
    expect(result?.skipped).toEqual({ local: truth.local, episode: truth.episodes, unavailable: truth.unavailable });

    const tracks = await allTracks(roadTripId);
    expect(tracks.map((t) => t.spotifyId)).toEqual(expectedIds(fake, ROAD_TRIP));
    expect(tracks.every((t) => t.state === 'wanted' && t.isrc !== undefined)).toBe(true);
    const s = await source(roadTripId);
    expect(s).toMatchObject({ lastSyncStatus: 'ok', counts: { total: tracks.length, wanted: tracks.length, excluded: 0, removed: 0 }, skipped: result?.skipped });
    expect(s.lastSyncMessage).toMatch(/skipped/);
  });

  it('re-syncs an unchanged playlist with one request and a changed one incrementally', async () => {
    fake.control.resetRequestLog();
    expect((await sync.sync(roadTripId))?.outcome).toBe('unchanged');
    expect(fake.control.countRequests('/v1/')).toBe(1);

    const before = await allTracks(roadTripId);
    const removedIds = expectedIds(fake, ROAD_TRIP).slice(0, 2);
    const entries = fake.library.playlists.get(ROAD_TRIP)?.entries ?? [];
    const removePositions = entries.flatMap((e, i) => (e.kind === 'track' && removedIds.includes(e.trackId) ? [i] : []));
    fake.control.mutatePlaylist(ROAD_TRIP, { removePositions, addTracks: 3 });
    const result = await sync.sync(roadTripId);
    expect(result?.outcome).toBe('synced');
    expect(result?.removed).toBe(2);

    const after = await allTracks(roadTripId);
    expect(after.map((t) => t.spotifyId)).toEqual(expectedIds(fake, ROAD_TRIP));
    // Entries that left the list are kept and marked, never deleted; their wanted tracks stay.
    const withRemoved = await allTracks(roadTripId, true);
    const gone = withRemoved.filter((t) => t.removedAt);
    expect(gone.map((t) => t.spotifyId).sort()).toEqual([...removedIds].sort());
    expect(after[0].wantedTrackId).toBe(before[2].wantedTrackId);
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM wanted_tracks WHERE spotify_id = ANY($1)', [removedIds]);
    expect(n).toBe(2);
  });

  it('imports CSV and text lists with per-line errors, one wanted track per recording across lists', async () => {
    const [first, second] = await allTracks(roadTripId);
    const [{ n: wantedBefore }] = await db.query('SELECT count(*)::int AS n FROM wanted_tracks');
    const csv = [
      'artist,title,album,duration',
      `"${first.artists[0]}","${first.title}","${first.album ?? ''}",${Math.round((first.durationMs ?? 0) / 1000)}`,
      'Brand New Artist,Brand New Song,Some Album,3:35',
      'Nobody,,No Title,200',
    ].join('\n');
    const imported = await admin.post<ImportListResponse>('/api/sources/import', { fileName: 'friends.csv', content: csv });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ format: 'csv', imported: 2, source: { kind: 'csv', name: 'friends', counts: { total: 2 } } });
    expect(imported.body.errors).toEqual([{ line: 4, reason: 'row skipped: no title' }]);
    const csvTracks = await allTracks(imported.body.source.id);
    expect(csvTracks[0].wantedTrackId).toBe(first.wantedTrackId);
    const [{ n: wantedAfter }] = await db.query('SELECT count(*)::int AS n FROM wanted_tracks');
    expect(wantedAfter).toBe(wantedBefore + 1);

    const text = `${second.artists[0]} - ${second.title}\nno separator here\nBrand New Artist - Brand New Song\n`;
    const res = await admin.request<ImportListResponse>('POST', '/api/sources/import?fileName=mix.txt&name=Mix', { body: text, headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ format: 'text', imported: 2, source: { kind: 'text', name: 'Mix' } });
    expect(res.body.errors).toEqual([{ line: 2, reason: expect.stringMatching(/expected "Artist - Title"/) }]);
    // A text line has no length; it still meets the Spotify track and the CSV row it names.
    const textTracks = await allTracks(res.body.source.id);
    expect(textTracks.map((t) => t.wantedTrackId)).toEqual([second.wantedTrackId, csvTracks[1].wantedTrackId]);
    const [{ n: wantedAfterText }] = await db.query('SELECT count(*)::int AS n FROM wanted_tracks');
    expect(wantedAfterText).toBe(wantedAfter);

    const empty = await admin.post<ApiErrorBody>('/api/sources/import', { fileName: 'x.txt', content: 'just garbage' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors?.[0]).toMatch(/line 1/);
    expect((await admin.post(`/api/sources/${imported.body.source.id}/sync`)).status).toBe(400);
  });

  it('excludes a single recording everywhere, or a whole list', async () => {
    const [first] = await allTracks(roadTripId);
    const res = await admin.patch(`/api/wanted-tracks/${first.wantedTrackId}`, { excluded: true });
    expect(res.status).toBe(200);
    const s = await source(roadTripId);
    expect(s.counts.excluded).toBe(1);
    expect((await allTracks(roadTripId))[0]).toMatchObject({ state: 'excluded', trackExcluded: true });

    const whole = await admin.patch<ListSource>(`/api/sources/${roadTripId}`, { excluded: true, syncIntervalMinutes: 60 });
    expect(whole.body).toMatchObject({ excluded: true, syncIntervalMinutes: 60, counts: { wanted: 0, excluded: s.counts.total } });
    await admin.patch(`/api/sources/${roadTripId}`, { excluded: false });
    expect((await admin.patch<ApiErrorBody>(`/api/sources/${roadTripId}`, { syncIntervalMinutes: 1 })).status).toBe(400);
  });

  it('syncs Liked Songs, saved albums and followed artists', async () => {
    const liked = (await admin.post<ListSource>('/api/sources', { kind: 'spotify_liked', name: 'Liked Songs' })).body;
    const albums = (await admin.post<ListSource>('/api/sources', { kind: 'spotify_saved_albums', name: 'Saved albums' })).body;
    const artists = (await admin.post<ListSource>('/api/sources', { kind: 'spotify_followed_artists', name: 'Followed artists' })).body;
    await sync.sync(liked.id);
    await sync.sync(albums.id);
    await sync.sync(artists.id);
    expect((await source(liked.id)).counts.total).toBe(new Set(fake.library.savedTracks.map((t) => t.trackId)).size);
    const albumTrackIds = new Set(fake.library.savedAlbums.flatMap((a) => fake.library.albums.get(a.albumId)?.trackIds ?? []));
    expect((await source(albums.id)).counts.total).toBe(albumTrackIds.size);
    const followed = await source(artists.id);
    expect(followed.counts.total).toBe(0);
    expect(followed.artists.map((a) => a.id).sort()).toEqual([...fake.library.followedArtistIds].sort());
  });

  it('retries after Retry-After and pauses on QUOTA_EXCEEDED without sleeping', async () => {
    fake.control.mutatePlaylist(ROAD_TRIP, { addTracks: 1 });
    fake.control.injectFault({ status: 429, retryAfterSec: 7200, body: 'plain' });
    const j = job();
    const t0 = Date.now();
    await expect(processor.handle({ sourceId: roadTripId }, j as never)).rejects.toBeInstanceOf(DelayedError);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(j.moveToDelayed.mock.calls[0][0]).toBeGreaterThanOrEqual(t0 + 7_200_000);
    expect((await source(roadTripId)).lastSyncMessage).toMatch(/Rate limited by Spotify: retrying at/);

    fake.control.injectFault({ status: 429, body: 'quota' });
    await expect(processor.handle({ sourceId: roadTripId }, job() as never)).rejects.toBeInstanceOf(DelayedError);
    const paused = await source(roadTripId);
    expect(paused.lastSyncStatus).toBe('paused');
    expect(paused.lastSyncMessage).toMatch(/paused until/);
    expect((await admin.get<SpotifyConnection>('/api/spotify/connection')).body.pausedUntil).not.toBeNull();
    // While paused, a sync makes no request at all.
    fake.control.resetRequestLog();
    await expect(processor.handle({ sourceId: roadTripId }, job() as never)).rejects.toBeInstanceOf(DelayedError);
    expect(fake.control.countRequests('/v1/')).toBe(0);
    await db.query('UPDATE spotify_tokens SET paused_until = NULL');

    fake.control.injectFault({ status: 503, body: 'json' });
    await expect(processor.handle({ sourceId: roadTripId }, job() as never)).rejects.toThrow(/server error/);
    expect((await source(roadTripId)).lastSyncMessage).toMatch(/will retry/);
  });

  it('refreshes an expiring token and persists the rotated refresh token', async () => {
    const box = api.app.get(SecretBox);
    const [before] = await db.query('SELECT refresh_token_sealed FROM spotify_tokens');
    const oldRefresh = box.decrypt(before.refresh_token_sealed);
    await db.query(`UPDATE spotify_tokens SET expires_at = now() - interval '1 minute'`);
    // Two callers at once (think api + worker): the row lock lets only one of them spend the refresh token.
    const conn = api.app.get(SpotifyConnectionService);
    const [{ id }] = await db.query('SELECT id FROM spotify_tokens');
    fake.control.resetRequestLog();
    const [a, b] = await Promise.all([conn.accessToken(id, false), conn.accessToken(id, false)]);
    expect(a).toBe(b);
    expect(fake.control.countRequests('/api/token')).toBe(1);
    await sync.sync(roadTripId);
    const [after] = await db.query('SELECT refresh_token_sealed, expires_at FROM spotify_tokens');
    const newRefresh = box.decrypt(after.refresh_token_sealed);
    expect(newRefresh).not.toBe(oldRefresh);
    expect(new Date(after.expires_at).getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    // The old one is spent: Spotify (the fake) rejects it, so not saving the new one would lose the grant.
    const accounts = new SpotifyAccountsClient({ accountsBaseUrl: fake.accountsUrl, clientId: CLIENT_ID, redirectUri: `${api.url}/api/spotify/callback` });
    await expect(accounts.refresh(oldRefresh)).rejects.toMatchObject({ code: 'reconnect_required' });
  });

  it('a revoked grant shows "reconnect" and the sync job fails permanently with a clear status', async () => {
    fake.control.revokeGrants();
    fake.control.expireAccessTokens();
    await expect(processor.handle({ sourceId: roadTripId }, job() as never)).rejects.toBeInstanceOf(UnrecoverableError);
    const conn = (await admin.get<SpotifyConnection>('/api/spotify/connection')).body;
    expect(conn).toMatchObject({ status: 'reconnect_required', connected: false });
    const s = await source(roadTripId);
    expect(s.lastSyncStatus).toBe('error');
    expect(s.lastSyncMessage).toMatch(/reconnect/i);
    // No loop: the next attempt fails at once without calling Spotify.
    fake.control.resetRequestLog();
    await expect(processor.handle({ sourceId: roadTripId }, job() as never)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(fake.control.requestCount).toBe(0);
    const again = await admin.post<ApiErrorBody>(`/api/sources/${roadTripId}/sync`);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/reconnect/i);

    expect((await admin.delete('/api/spotify/connection')).status).toBe(204);
    expect((await admin.get<SpotifyConnection>('/api/spotify/connection')).body.status).toBe('not_connected');
    expect((await admin.delete(`/api/sources/${roadTripId}`)).status).toBe(204);
    expect((await admin.get(`/api/sources/${roadTripId}`)).status).toBe(404);
  });
});
