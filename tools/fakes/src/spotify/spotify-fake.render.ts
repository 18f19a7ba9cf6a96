/**
 * Turns the in-memory library into Web API JSON exactly as a Development-Mode app receives it
 * (external-apis.md §1.1/§1.4): removed fields are absent, `item` and deprecated `track` both present.
 */
import type { FakeAlbum, FakeArtist, FakeEpisode, FakePlaylist, FakePlaylistEntry, FakeSpotifyLibrary, FakeTrack, FakeUser } from './spotify-fake.library';
import { snapshotId } from './spotify-fake.library';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface RenderOptions {
  apiUrl: string;
  /** Dev Mode strips fields removed in Feb 2026; extended mode keeps them. */
  devMode: boolean;
  /** Keep the deprecated `track` key beside `item` in playlist entries (deprecation window). */
  includeDeprecatedTrackKey: boolean;
}

const OPEN = 'https://open.spotify.com';

function image(seedId: string, size: number): JsonObject {
  return { url: `https://i.scdn.co/image/ab67616d0000b273${seedId.slice(0, 12)}`, height: size, width: size };
}

export function renderUserRef(user: FakeUser, o: RenderOptions, withDisplayName = false): JsonObject {
  const base: JsonObject = {
    external_urls: { spotify: `${OPEN}/user/${user.id}` },
    href: `${o.apiUrl}/users/${user.id}`,
    id: user.id,
    type: 'user',
    uri: `spotify:user:${user.id}`,
  };
  if (withDisplayName) base['display_name'] = user.displayName;
  return base;
}

export function renderMe(user: FakeUser, o: RenderOptions): JsonObject {
  const me: JsonObject = {
    account_id: user.accountId,
    display_name: user.displayName,
    external_urls: { spotify: `${OPEN}/user/${user.id}` },
    href: `${o.apiUrl}/users/${user.id}`,
    id: user.id,
    images: [image(user.accountId.padEnd(12, '0'), 300)],
    type: 'user',
    uri: `spotify:user:${user.id}`,
  };
  if (!o.devMode) Object.assign(me, { country: 'DE', email: `${user.id}@example.com`, product: 'premium', followers: { href: null, total: 3 }, explicit_content: { filter_enabled: false, filter_locked: false } });
  return me;
}

export function renderArtistSimplified(a: FakeArtist, o: RenderOptions): JsonObject {
  return { external_urls: { spotify: `${OPEN}/artist/${a.id}` }, href: `${o.apiUrl}/artists/${a.id}`, id: a.id, name: a.name, type: 'artist', uri: `spotify:artist:${a.id}` };
}

export function renderArtist(a: FakeArtist, o: RenderOptions): JsonObject {
  const full: JsonObject = { ...renderArtistSimplified(a, o), images: [image(a.id, 640), image(a.id, 320)], genres: [] };
  if (!o.devMode) Object.assign(full, { followers: { href: null, total: 1234 }, popularity: 42 });
  return full;
}

function artistsOf(lib: FakeSpotifyLibrary, ids: string[], o: RenderOptions): Json[] {
  return ids.map((id) => lib.artists.get(id)).filter((a): a is FakeArtist => !!a).map((a) => renderArtistSimplified(a, o));
}

export function renderAlbumSimplified(lib: FakeSpotifyLibrary, al: FakeAlbum, o: RenderOptions): JsonObject {
  const album: JsonObject = {
    album_type: al.albumType,
    total_tracks: al.trackIds.length,
    external_urls: { spotify: `${OPEN}/album/${al.id}` },
    href: `${o.apiUrl}/albums/${al.id}`,
    id: al.id,
    images: [image(al.id, 640), image(al.id, 300), image(al.id, 64)],
    name: al.name,
    release_date: al.releaseDate,
    release_date_precision: al.releaseDatePrecision,
    type: 'album',
    uri: `spotify:album:${al.id}`,
    artists: artistsOf(lib, al.artistIds, o),
  };
  if (!o.devMode) album['available_markets'] = ['DE', 'GB', 'US'];
  return album;
}

export function renderTrackSimplified(lib: FakeSpotifyLibrary, t: FakeTrack, o: RenderOptions): JsonObject {
  const track: JsonObject = {
    artists: artistsOf(lib, t.artistIds, o),
    disc_number: t.discNumber,
    duration_ms: t.durationMs,
    explicit: t.explicit,
    external_urls: { spotify: `${OPEN}/track/${t.id}` },
    href: `${o.apiUrl}/tracks/${t.id}`,
    id: t.id,
    is_playable: true,
    name: t.name,
    preview_url: null,
    track_number: t.trackNumber,
    type: 'track',
    uri: `spotify:track:${t.id}`,
    is_local: false,
  };
  if (!o.devMode) track['available_markets'] = ['DE', 'GB', 'US'];
  return track;
}

export function renderTrack(lib: FakeSpotifyLibrary, t: FakeTrack, o: RenderOptions): JsonObject {
  const album = lib.albums.get(t.albumId);
  const track: JsonObject = {
    ...renderTrackSimplified(lib, t, o),
    external_ids: t.isrc ? { isrc: t.isrc } : {},
  };
  if (album) track['album'] = renderAlbumSimplified(lib, album, o);
  if (!o.devMode) track['popularity'] = 50;
  return track;
}

export function renderAlbum(lib: FakeSpotifyLibrary, al: FakeAlbum, o: RenderOptions): JsonObject {
  const tracks = al.trackIds.map((id) => lib.tracks.get(id)).filter((t): t is FakeTrack => !!t);
  const first = tracks.slice(0, 50).map((t) => renderTrackSimplified(lib, t, o));
  const album: JsonObject = {
    ...renderAlbumSimplified(lib, al, o),
    tracks: pagingObject(`${o.apiUrl}/albums/${al.id}/tracks`, first, 0, 50, tracks.length, {}),
    copyrights: [{ text: `${al.releaseDate.slice(0, 4)} Fake Records`, type: 'C' }, { text: `${al.releaseDate.slice(0, 4)} Fake Records`, type: 'P' }],
    external_ids: { upc: al.upc },
    genres: [],
  };
  if (!o.devMode) Object.assign(album, { label: 'Fake Records', popularity: 33 });
  return album;
}

export function renderEpisode(ep: FakeEpisode, o: RenderOptions): JsonObject {
  const episode: JsonObject = {
    audio_preview_url: null,
    description: 'An episode.',
    html_description: '<p>An episode.</p>',
    duration_ms: ep.durationMs,
    explicit: false,
    external_urls: { spotify: `${OPEN}/episode/${ep.id}` },
    href: `${o.apiUrl}/episodes/${ep.id}`,
    id: ep.id,
    images: [],
    is_externally_hosted: false,
    is_playable: true,
    languages: ['en'],
    name: ep.name,
    release_date: '2024-05-01',
    release_date_precision: 'day',
    type: 'episode',
    uri: `spotify:episode:${ep.id}`,
    show: {
      copyrights: [],
      description: 'A podcast.',
      html_description: '<p>A podcast.</p>',
      explicit: false,
      external_urls: { spotify: `${OPEN}/show/${ep.showId}` },
      href: `${o.apiUrl}/shows/${ep.showId}`,
      id: ep.showId,
      images: [],
      is_externally_hosted: false,
      languages: ['en'],
      media_type: 'audio',
      name: ep.showName,
      type: 'show',
      uri: `spotify:show:${ep.showId}`,
      total_episodes: 5,
    },
  };
  // Show fields removed for Development Mode (Feb 2026).
  if (!o.devMode) Object.assign(episode['show'] as JsonObject, { publisher: 'Fake Media', available_markets: ['DE', 'GB', 'US'] });
  return episode;
}

/** Local files keep Spotify's odd shape: null ids/hrefs, a `spotify:local:` URI, empty collections. */
function renderLocalTrack(e: Extract<FakePlaylistEntry, { kind: 'local' }>): JsonObject {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return {
    album: { album_type: null, total_tracks: null, artists: [], external_urls: {}, href: null, id: null, images: [], name: e.album, release_date: null, release_date_precision: null, type: 'album', uri: null },
    artists: [{ external_urls: {}, href: null, id: null, name: e.artist, type: 'artist', uri: null }],
    disc_number: 0,
    duration_ms: e.durationMs,
    explicit: false,
    external_ids: {},
    external_urls: {},
    href: null,
    id: null,
    is_local: true,
    name: e.name,
    preview_url: null,
    track_number: 0,
    type: 'track',
    uri: `spotify:local:${enc(e.artist)}:${enc(e.album)}:${enc(e.name)}:${Math.round(e.durationMs / 1000)}`,
  };
}

export function renderPlaylistEntry(lib: FakeSpotifyLibrary, e: FakePlaylistEntry, o: RenderOptions): JsonObject {
  let item: Json = null;
  let addedBy: Json = null;
  if (e.kind === 'track') {
    const t = lib.tracks.get(e.trackId);
    item = t ? renderTrack(lib, t, o) : null;
  } else if (e.kind === 'episode') {
    const ep = lib.episodes.get(e.episodeId);
    item = ep ? renderEpisode(ep, o) : null;
  } else if (e.kind === 'local') {
    item = renderLocalTrack(e);
  }
  if ((e.kind === 'track' || e.kind === 'episode') && e.addedBy) {
    const u = lib.users.get(e.addedBy);
    addedBy = u ? renderUserRef(u, o) : null;
  }
  const entry: JsonObject = { added_at: e.addedAt, added_by: addedBy, is_local: e.kind === 'local', item };
  if (o.includeDeprecatedTrackKey) entry['track'] = item;
  return entry;
}

export function renderPlaylistSimplified(lib: FakeSpotifyLibrary, p: FakePlaylist, o: RenderOptions): JsonObject {
  const owner = lib.users.get(p.ownerId) ?? lib.me;
  return {
    collaborative: p.collaborative,
    description: p.description,
    external_urls: { spotify: `${OPEN}/playlist/${p.id}` },
    href: `${o.apiUrl}/playlists/${p.id}`,
    id: p.id,
    images: p.entries.length > 3 ? [image(p.id, 640)] : [],
    name: p.name,
    owner: renderUserRef(owner, o, true),
    public: p.public,
    snapshot_id: snapshotId(p),
    items: { href: `${o.apiUrl}/playlists/${p.id}/items`, total: p.entries.length },
    tracks: { href: `${o.apiUrl}/playlists/${p.id}/tracks`, total: p.entries.length },
    type: 'playlist',
    uri: `spotify:playlist:${p.id}`,
  };
}

export function pagingObject(base: string, items: Json[], offset: number, limit: number, total: number, query: Record<string, string>): JsonObject {
  const url = (off: number) => {
    const u = new URL(base);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    u.searchParams.set('offset', String(off));
    u.searchParams.set('limit', String(limit));
    return u.toString();
  };
  return {
    href: url(offset),
    items,
    limit,
    next: offset + limit < total ? url(offset + limit) : null,
    offset,
    previous: offset > 0 ? url(Math.max(0, offset - limit)) : null,
    total,
  };
}
