import { type FakeSpotify, startFakeSpotify } from '@soulspot/fakes';
import { SpotifyClient } from './spotify.client';
import { SpotifyError } from './spotify.errors';

async function caught(p: Promise<unknown>): Promise<SpotifyError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SpotifyError)) throw new Error(`expected SpotifyError, got ${String(err)}`);
  return err;
}

describe('SpotifyClient against the fake Web API', () => {
  let fake: FakeSpotify;
  let client: SpotifyClient;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeSpotify({ seed: { seed: 3, largePlaylistSize: 10_000, followedArtists: 120 } });
    token = fake.control.issueTokens().access_token;
    client = new SpotifyClient({ apiBaseUrl: fake.apiUrl, getAccessToken: async () => token, timeoutMs: 5000 });
  });
  afterAll(() => fake.close());
  afterEach(() => fake.control.clearFaults());

  const playlistNamed = (name: string) => {
    const p = [...fake.library.playlists.values()].find((x) => x.name === name);
    if (!p) throw new Error(`no playlist ${name}`);
    return p;
  };

  it('lists playlists with owned/collaborative/readable flags and skips null entries', async () => {
    const playlists = await client.listPlaylists();
    expect(playlists.map((p) => p.name)).toEqual(['Road trip', 'Shared with friends', "Someone else's mix", "Today's Top Hits", 'Everything']);
    const byName = new Map(playlists.map((p) => [p.name, p]));
    expect(byName.get('Road trip')).toMatchObject({ owned: true, collaborative: false, readable: true, totalItems: 57 });
    expect(byName.get('Shared with friends')).toMatchObject({ owned: false, collaborative: true, readable: true });
    expect(byName.get("Someone else's mix")).toMatchObject({ owned: false, collaborative: false, readable: false });
    expect(byName.get('Everything')?.totalItems).toBe(10_000);
  });

  it('reads playlist metadata with a snapshot id that changes when the playlist is edited', async () => {
    const p = playlistNamed('Shared with friends');
    const before = await client.getPlaylist(p.id);
    expect(before).toMatchObject({ id: p.id, name: 'Shared with friends', totalItems: 23 });
    const again = await client.getPlaylist(p.id);
    expect(again.snapshotId).toBe(before.snapshotId);
    fake.control.mutatePlaylist(p.id, { addTracks: 2 });
    const after = await client.getPlaylist(p.id);
    expect(after.snapshotId).not.toBe(before.snapshotId);
    expect(after.totalItems).toBe(25);
  });

  it('maps playlist items to ListTracks and counts unavailable, local and episode entries', async () => {
    const p = playlistNamed('Road trip');
    const truth = fake.control.playlistTruth(p.id);
    const result = await client.getPlaylistItems(p.id);
    expect(truth.unavailable + truth.local + truth.episodes).toBeGreaterThanOrEqual(3);
    expect(result.skipped).toEqual({ unavailable: truth.unavailable, local: truth.local, episode: truth.episodes });
    expect(result.tracks).toHaveLength(truth.tracks);
    expect(result.total).toBe(57);
    // Positions are Spotify positions: skipped entries leave gaps.
    const entry = p.entries.findIndex((e, i) => e.kind === 'track' && i > 10);
    const e = p.entries[entry];
    const t = result.tracks.find((x) => x.position === entry);
    if (e.kind !== 'track' || !t) throw new Error('fixture');
    const wire = fake.library.tracks.get(e.trackId);
    const album = wire && fake.library.albums.get(wire.albumId);
    expect(t).toMatchObject({ spotifyId: e.trackId, title: wire?.name, durationMs: wire?.durationMs, album: album?.name, trackNumber: wire?.trackNumber, discNumber: wire?.discNumber, addedAt: e.addedAt });
    expect(t.artists[0]).toBe(fake.library.artists.get(wire?.artistIds[0] ?? '')?.name);
    if (wire?.isrc) expect(t.isrc).toBe(wire.isrc);
    // The first entry is an old one without added_at.
    expect(result.tracks.find((x) => x.position === 0)?.addedAt).toBeUndefined();
  });

  it('pages through a 10,000-track playlist in bounded pages of 50', async () => {
    const p = playlistNamed('Everything');
    fake.control.resetRequestLog();
    const t0 = performance.now();
    let count = 0;
    let pages = 0;
    let maxPage = 0;
    let lastPosition = -1;
    for await (const page of client.iteratePlaylistItems(p.id)) {
      pages += 1;
      maxPage = Math.max(maxPage, page.tracks.length);
      for (const t of page.tracks) {
        expect(t.position).toBe(lastPosition + 1);
        lastPosition = t.position;
      }
      count += page.tracks.length;
    }
    const ms = performance.now() - t0;
    expect(count).toBe(10_000);
    expect(pages).toBe(200);
    expect(maxPage).toBe(50);
    expect(fake.control.countRequests(`/v1/playlists/${p.id}/items`)).toBe(200);
    process.stdout.write(`10,000-track playlist: ${pages} pages in ${ms.toFixed(0)} ms (${(ms / pages).toFixed(1)} ms/page)\n`);
  }, 60_000);

  it('explains a 403 on a playlist the user neither owns nor collaborates on (export as CSV)', async () => {
    const err = await caught(client.getPlaylistItems(playlistNamed("Someone else's mix").id));
    expect(err.code).toBe('forbidden');
    expect(err.status).toBe(403);
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/not owned.*CSV/);
  });

  it('maps a Spotify-owned editorial playlist to not_found', async () => {
    const err = await caught(client.getPlaylist(playlistNamed("Today's Top Hits").id));
    expect(err.code).toBe('not_found');
    expect(err.retryable).toBe(false);
  });

  it('reports 429 with Retry-After in hours as rate_limited with retryAfterMs, and a default when the header is missing', async () => {
    fake.control.injectFault({ status: 429, retryAfterSec: 13_749 });
    const err = await caught(client.getMe());
    expect(err).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 13_749_000, retryable: true });
    fake.control.injectFault({ status: 429, retryAfterSec: null, body: 'empty' });
    expect((await caught(client.getMe())).retryAfterMs).toBe(5_000);
  });

  it('reports QUOTA_EXCEEDED as quota_exceeded until the next UTC day', async () => {
    fake.control.injectFault({ status: 429, body: 'quota', retryAfterSec: 60 });
    const before = Date.now();
    const err = await caught(client.getMe());
    const midnight = new Date(before);
    midnight.setUTCHours(24, 0, 0, 0);
    expect(err.code).toBe('quota_exceeded');
    expect(err.retryAfterMs ?? 0).toBeGreaterThanOrEqual(Math.max(60_000, midnight.getTime() - before - 5_000));
    expect(err.retryAfterMs ?? 0).toBeLessThanOrEqual(midnight.getTime() - before);
  });

  it('fails mid-playlist on a 5xx with a retryable server_error, and resumes from the last offset', async () => {
    const p = playlistNamed('Everything');
    let done = 0;
    fake.control.injectFault({ status: 502, pathPrefix: `/v1/playlists/${p.id}/items`, times: 1 });
    const first = await caught(
      (async () => {
        for await (const page of client.iteratePlaylistItems(p.id)) done = page.offset + 50;
      })(),
    );
    expect(first).toMatchObject({ code: 'server_error', status: 502, retryable: true });
    expect(done).toBe(0);
    // Fail on the third page this time, then resume where it stopped.
    const seen: number[] = [];
    const it = client.iteratePlaylistItems(p.id);
    for (let i = 0; i < 2; i += 1) {
      const page = await it.next();
      if (page.done) throw new Error('ended early');
      seen.push(...page.value.tracks.map((t) => t.position));
    }
    fake.control.injectFault({ status: 500, pathPrefix: `/v1/playlists/${p.id}/items`, body: 'plain' });
    expect((await caught(it.next())).code).toBe('server_error');
    for await (const page of client.iteratePlaylistItems(p.id, { startOffset: seen.length })) seen.push(...page.tracks.map((t) => t.position));
    expect(seen).toEqual(Array.from({ length: 10_000 }, (_v, i) => i));
  }, 90_000);

  it('refreshes once on "The access token expired" when a refresher is given; otherwise reports unauthorized', async () => {
    let current = fake.control.issueTokens().access_token;
    let refreshes = 0;
    const refreshing = new SpotifyClient({
      apiBaseUrl: fake.apiUrl,
      getAccessToken: async () => current,
      refreshAccessToken: async () => {
        refreshes += 1;
        current = fake.control.issueTokens().access_token;
        return current;
      },
    });
    fake.control.expireAccessTokens();
    await expect(refreshing.getMe()).resolves.toMatchObject({ id: fake.library.me.id });
    expect(refreshes).toBe(1);
    const stale = new SpotifyClient({ apiBaseUrl: fake.apiUrl, getAccessToken: async () => token });
    const err = await caught(stale.getMe());
    expect(err).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(err.message).toContain('The access token expired');
    token = fake.control.issueTokens().access_token;
  });

  it('reads liked songs, saved albums and followed artists (cursor paging)', async () => {
    const liked = await client.getLikedSongs();
    expect(liked.tracks.map((t) => t.spotifyId)).toEqual(fake.library.savedTracks.map((s) => s.trackId));
    expect(liked.tracks[0].addedAt).toBe(fake.library.savedTracks[0].addedAt);
    const albums = [];
    for await (const a of client.iterateSavedAlbums()) albums.push(a);
    expect(albums.map((a) => a.id)).toEqual(fake.library.savedAlbums.map((s) => s.albumId));
    expect(albums[0].upc).toMatch(/^\d{12}$/);
    fake.control.resetRequestLog();
    const artists = [];
    for await (const a of client.iterateFollowedArtists()) artists.push(a.id);
    expect(artists).toEqual(fake.library.followedArtistIds);
    expect(fake.control.countRequests('/v1/me/following')).toBe(3);
  });

  it('reads album tracks with album metadata, and an artist discography in pages of at most 10', async () => {
    const album = [...fake.library.albums.values()].find((a) => a.trackIds.length >= 8);
    if (!album) throw new Error('fixture');
    const { album: meta, tracks } = await client.getAlbumTracks(album.id);
    expect(meta).toMatchObject({ id: album.id, name: album.name, totalTracks: album.trackIds.length });
    expect(tracks.map((t) => t.spotifyId)).toEqual(album.trackIds);
    expect(tracks.every((t) => t.album === album.name && t.isrc === undefined)).toBe(true);

    const artistId = [...fake.library.artists.values()].map((a) => a.id).find((id) => [...fake.library.albums.values()].filter((a) => a.artistIds[0] === id).length >= 2) ?? '';
    fake.control.resetRequestLog();
    const discography = [];
    for await (const a of client.iterateArtistAlbums(artistId, { includeGroups: ['album', 'single', 'compilation'] })) discography.push(a.id);
    const expected = [...fake.library.albums.values()].filter((a) => a.artistIds[0] === artistId).map((a) => a.id);
    expect(discography).toEqual(expected);
    expect(fake.control.requests.every((r) => !r.path.includes('/albums?') || /limit=10(&|$)/.test(r.path))).toBe(true);
  });

  it('searches with at most 10 results per page, including by ISRC', async () => {
    const track = [...fake.library.tracks.values()].find((t) => t.isrc);
    if (!track) throw new Error('fixture');
    const byIsrc = await client.searchTracks(`isrc:${track.isrc ?? ''}`);
    expect(byIsrc.items.map((t) => t.spotifyId)).toEqual([track.id]);
    const broad = await client.searchTracks('e', { limit: 50 });
    expect(broad.items.length).toBe(10);
    expect(broad.total).toBeGreaterThan(10);
    expect(broad.nextOffset).toBe(10);
    const next = await client.searchTracks('e', { offset: broad.nextOffset ?? 0 });
    expect(next.items[0].position).toBe(10);
    expect(next.items.map((t) => t.spotifyId)).not.toContain(broad.items[0].spotifyId);
    const artists = await client.searchArtists(fake.library.artists.values().next().value?.name ?? '');
    expect(artists.items.length).toBeGreaterThan(0);
  });

  it('gets full tracks (ISRC) by id, falling back from the 403 batch endpoint to single requests once', async () => {
    const ids = [...fake.library.tracks.keys()].slice(0, 3);
    fake.control.resetRequestLog();
    const tracks = await client.getTracks([ids[0], 'unknownTrackId00000000x', ids[1], ids[2]]);
    expect(tracks.map((t) => t.spotifyId)).toEqual(ids);
    expect(tracks.map((t) => t.position)).toEqual([0, 1, 2]);
    expect(tracks.map((t) => t.isrc)).toEqual(ids.map((id) => fake.library.tracks.get(id)?.isrc));
    expect(fake.control.countRequests('/v1/tracks?')).toBe(1);
    expect(fake.control.countRequests('/v1/tracks/')).toBe(4);
    // The 403 is remembered: no second batch attempt.
    await client.getTracks([ids[0]]);
    expect(fake.control.countRequests('/v1/tracks?')).toBe(1);
  });

  it('reports a dead service and a timeout as retryable unreachable errors', async () => {
    const down = new SpotifyClient({ apiBaseUrl: 'http://127.0.0.1:9/v1', getAccessToken: async () => token, timeoutMs: 2000 });
    expect(await caught(down.getMe())).toMatchObject({ code: 'unreachable', retryable: true });
    fake.control.setLatency(400);
    try {
      const slow = new SpotifyClient({ apiBaseUrl: fake.apiUrl, getAccessToken: async () => token, timeoutMs: 100 });
      const err = await caught(slow.getMe());
      expect(err.code).toBe('unreachable');
      expect(err.message).toContain('timed out');
    } finally {
      fake.control.setLatency(0);
    }
  });
});
