import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios';
import type { ListTrack } from '../sources/list-track';
import { emptySkipped, mapPlaylistEntry, mapTrack, type SkippedCounts } from './mappers/spotify-track.mapper';
import { SpotifyError, toSpotifyError } from './spotify.errors';
import type {
  WireAlbum,
  WireArtist,
  WireFollowedArtists,
  WireImage,
  WireMe,
  WirePaging,
  WirePlaylistTrack,
  WireSavedAlbum,
  WireSavedTrack,
  WireSearchResponse,
  WireSimplifiedAlbum,
  WireSimplifiedPlaylist,
  WireSimplifiedTrack,
  WireTrack,
} from './spotify.wire';

export interface SpotifyClientOptions {
  /** e.g. https://api.spotify.com/v1 */
  apiBaseUrl: string;
  getAccessToken: () => Promise<string>;
  /**
   * Called once when Spotify answers 401 "The access token expired": return a fresh token and the
   * request is repeated. Without it, the 401 surfaces as `unauthorized`.
   */
  refreshAccessToken?: () => Promise<string>;
  timeoutMs?: number;
}

export interface SpotifyProfile {
  id: string;
  /** Stable account id (May 2026); prefer it for account linking when present. */
  accountId?: string;
  displayName?: string;
  imageUrl?: string;
}

export interface SpotifyPlaylistSummary {
  id: string;
  name: string;
  description?: string;
  ownerId: string;
  ownerName?: string;
  owned: boolean;
  collaborative: boolean;
  /** Only owned or collaborative playlists can be read by Development-Mode apps. */
  readable: boolean;
  snapshotId: string;
  /** Undefined when Spotify hides the contents (playlists that are neither yours nor collaborative). */
  totalItems?: number;
  imageUrl?: string;
}

export interface ListTrackPage {
  tracks: ListTrack[];
  skipped: SkippedCounts;
  /** Offset of this page in the source list. */
  offset: number;
  total: number;
}

export interface PlaylistItemsResult {
  tracks: ListTrack[];
  skipped: SkippedCounts;
  total: number;
}

export interface SpotifyAlbumSummary {
  id: string;
  name: string;
  albumType?: string;
  artists: string[];
  releaseDate?: string;
  totalTracks?: number;
  imageUrl?: string;
  upc?: string;
  addedAt?: string;
}

export interface SpotifyArtistSummary {
  id: string;
  name: string;
  imageUrl?: string;
}

export interface SpotifySearchPage<T> {
  items: T[];
  total: number;
  offset: number;
  /** Offset of the next page, or null on the last page (Spotify caps search offsets at 1000). */
  nextOffset: number | null;
}

/** Development Mode caps search and artist-album pages at 10 items. */
export const SPOTIFY_SMALL_PAGE_MAX = 10;
const PAGE_MAX = 50;

/**
 * Read-only Spotify Web API client for list sync. Throws `SpotifyError` (never sleeps on
 * Retry-After: the job layer reschedules with `retryAfterMs`). Large lists are iterated page by
 * page with async generators so a 10,000-track playlist never sits in memory twice; pass
 * `startOffset` to resume after a rate limit.
 */
export class SpotifyClient {
  private readonly http: AxiosInstance;
  private batchTracksAvailable = true;

  constructor(private readonly options: SpotifyClientOptions) {
    this.http = axios.create({ baseURL: options.apiBaseUrl.replace(/\/+$/, ''), timeout: options.timeoutMs ?? 15_000 });
  }

  async getMe(): Promise<SpotifyProfile> {
    const me = await this.get<WireMe>('/me');
    return { id: me.id, accountId: me.account_id, displayName: me.display_name ?? undefined, imageUrl: firstImage(me.images) };
  }

  /** Pass the current user's id when known to save the `/me` request (quota is small). */
  async *iteratePlaylists(currentUserId?: string): AsyncGenerator<SpotifyPlaylistSummary> {
    const me = currentUserId ? { id: currentUserId } : await this.getMe();
    for await (const page of this.pages<WireSimplifiedPlaylist | null>('/me/playlists', { limit: PAGE_MAX })) {
      for (const p of page.items) if (p) yield mapPlaylist(p, me.id);
    }
  }

  async listPlaylists(currentUserId?: string): Promise<SpotifyPlaylistSummary[]> {
    const out: SpotifyPlaylistSummary[] = [];
    for await (const p of this.iteratePlaylists(currentUserId)) out.push(p);
    return out;
  }

  /** Metadata only (the `fields` filter keeps Spotify from embedding the first 100 items). */
  async getPlaylist(playlistId: string, currentUserId?: string): Promise<SpotifyPlaylistSummary> {
    const userId = currentUserId ?? (await this.getMe()).id;
    const p = await this.get<WireSimplifiedPlaylist>(`/playlists/${encodeURIComponent(playlistId)}`, {
      fields: 'id,name,description,collaborative,public,snapshot_id,owner,images,uri,items.total,tracks.total',
    });
    return mapPlaylist(p, userId);
  }

  /** Pages of a playlist; null/local/episode entries are skipped and counted per page. */
  async *iteratePlaylistItems(playlistId: string, opts: { startOffset?: number; pageSize?: number } = {}): AsyncGenerator<ListTrackPage> {
    const ctx = { playlistId };
    const path = `/playlists/${encodeURIComponent(playlistId)}/items`;
    for await (const page of this.pages<WirePlaylistTrack>(path, { limit: Math.min(opts.pageSize ?? PAGE_MAX, PAGE_MAX), offset: opts.startOffset ?? 0, additional_types: 'track,episode' }, ctx)) {
      const skipped = emptySkipped();
      const tracks: ListTrack[] = [];
      page.items.forEach((entry, i) => {
        const mapped = mapPlaylistEntry(entry, page.offset + i);
        if (typeof mapped === 'string') skipped[mapped] += 1;
        else tracks.push(mapped);
      });
      yield { tracks, skipped, offset: page.offset, total: page.total };
    }
  }

  async getPlaylistItems(playlistId: string): Promise<PlaylistItemsResult> {
    return collect(this.iteratePlaylistItems(playlistId));
  }

  /** Liked Songs (`/me/tracks`, entries keep the `track` key). */
  async *iterateLikedSongs(opts: { startOffset?: number } = {}): AsyncGenerator<ListTrackPage> {
    for await (const page of this.pages<WireSavedTrack>('/me/tracks', { limit: PAGE_MAX, offset: opts.startOffset ?? 0 })) {
      const skipped = emptySkipped();
      const tracks: ListTrack[] = [];
      page.items.forEach((saved, i) => {
        if (!saved.track || !saved.track.id) skipped.unavailable += 1;
        else tracks.push(mapTrack(saved.track, page.offset + i, { addedAt: saved.added_at }));
      });
      yield { tracks, skipped, offset: page.offset, total: page.total };
    }
  }

  async getLikedSongs(): Promise<PlaylistItemsResult> {
    return collect(this.iterateLikedSongs());
  }

  async *iterateSavedAlbums(): AsyncGenerator<SpotifyAlbumSummary> {
    for await (const page of this.pages<WireSavedAlbum>('/me/albums', { limit: PAGE_MAX })) {
      for (const saved of page.items) if (saved.album) yield { ...mapAlbum(saved.album), upc: saved.album.external_ids?.upc, addedAt: saved.added_at };
    }
  }

  /** Followed artists use cursor paging (`after` = last artist id). */
  async *iterateFollowedArtists(): AsyncGenerator<SpotifyArtistSummary> {
    let after: string | undefined;
    for (;;) {
      const params: Record<string, string | number> = { type: 'artist', limit: PAGE_MAX };
      if (after) params['after'] = after;
      const res = await this.get<WireFollowedArtists>('/me/following', params);
      for (const a of res.artists.items) yield mapArtist(a);
      const next = res.artists.cursors?.after;
      if (!res.artists.next || !next) return;
      after = next;
    }
  }

  /** All tracks of an album with album metadata filled in (simplified tracks carry no ISRC). */
  async getAlbumTracks(albumId: string): Promise<{ album: SpotifyAlbumSummary; tracks: ListTrack[] }> {
    const album = await this.get<WireAlbum>(`/albums/${encodeURIComponent(albumId)}`);
    const simple: WireSimplifiedAlbum = album;
    const tracks = album.tracks.items.map((t, i) => mapTrack(t, i, { album: simple }));
    if (album.tracks.next) {
      for await (const page of this.pages<WireSimplifiedTrack>(`/albums/${encodeURIComponent(albumId)}/tracks`, { limit: PAGE_MAX, offset: album.tracks.items.length })) {
        page.items.forEach((t, i) => tracks.push(mapTrack(t, page.offset + i, { album: simple })));
      }
    }
    return { album: { ...mapAlbum(album), upc: album.external_ids?.upc }, tracks };
  }

  /** Discography pages of at most 10 (Development Mode); ask for one group at a time to know it. */
  async *iterateArtistAlbums(artistId: string, opts: { includeGroups?: ('album' | 'single' | 'appears_on' | 'compilation')[] } = {}): AsyncGenerator<SpotifyAlbumSummary> {
    const params: Record<string, string | number> = { limit: SPOTIFY_SMALL_PAGE_MAX };
    if (opts.includeGroups?.length) params['include_groups'] = opts.includeGroups.join(',');
    for await (const page of this.pages<WireSimplifiedAlbum>(`/artists/${encodeURIComponent(artistId)}/albums`, params)) {
      for (const a of page.items) if (a?.id) yield mapAlbum(a);
    }
  }

  async getTrack(trackId: string): Promise<ListTrack> {
    return mapTrack(await this.get<WireTrack>(`/tracks/${encodeURIComponent(trackId)}`), 0);
  }

  /**
   * Full tracks (with ISRC) by id, in input order; unknown ids are left out. Tries the batch endpoint
   * once and, when Development Mode answers 403, falls back to one request per track for the rest
   * of this client's life (costly against the quota: only for what the caller really needs).
   */
  async getTracks(trackIds: string[]): Promise<ListTrack[]> {
    const out: ListTrack[] = [];
    for (let i = 0; i < trackIds.length; i += 50) {
      const batch = trackIds.slice(i, i + 50);
      if (this.batchTracksAvailable) {
        try {
          const res = await this.get<{ tracks: (WireTrack | null)[] }>('/tracks', { ids: batch.join(',') });
          res.tracks.forEach((t) => t && t.id && out.push(mapTrack(t, out.length)));
          continue;
        } catch (err) {
          if (!(err instanceof SpotifyError && err.code === 'forbidden')) throw err;
          this.batchTracksAvailable = false;
        }
      }
      for (const id of batch) {
        try {
          out.push({ ...(await this.getTrack(id)), position: out.length });
        } catch (err) {
          if (!(err instanceof SpotifyError && err.code === 'not_found')) throw err;
        }
      }
    }
    return out;
  }

  async searchTracks(query: string, opts: { limit?: number; offset?: number } = {}): Promise<SpotifySearchPage<ListTrack>> {
    const offset = opts.offset ?? 0;
    const res = await this.search(query, 'track', opts.limit, offset);
    const page = res.tracks;
    if (!page) throw new SpotifyError('invalid_response', 'search response without tracks');
    const items = page.items.filter((t): t is NonNullable<typeof t> => !!t && !!t.id).map((t, i) => mapTrack(t, offset + i));
    return { items, total: page.total, offset, nextOffset: page.next ? offset + page.limit : null };
  }

  async searchAlbums(query: string, opts: { limit?: number; offset?: number } = {}): Promise<SpotifySearchPage<SpotifyAlbumSummary>> {
    const offset = opts.offset ?? 0;
    const page = (await this.search(query, 'album', opts.limit, offset)).albums;
    if (!page) throw new SpotifyError('invalid_response', 'search response without albums');
    return { items: page.items.filter((a): a is WireSimplifiedAlbum => !!a?.id).map(mapAlbum), total: page.total, offset, nextOffset: page.next ? offset + page.limit : null };
  }

  async searchArtists(query: string, opts: { limit?: number; offset?: number } = {}): Promise<SpotifySearchPage<SpotifyArtistSummary>> {
    const offset = opts.offset ?? 0;
    const page = (await this.search(query, 'artist', opts.limit, offset)).artists;
    if (!page) throw new SpotifyError('invalid_response', 'search response without artists');
    return { items: page.items.filter((a): a is WireArtist => !!a?.id).map(mapArtist), total: page.total, offset, nextOffset: page.next ? offset + page.limit : null };
  }

  private search(query: string, type: 'track' | 'album' | 'artist', limit = SPOTIFY_SMALL_PAGE_MAX, offset = 0): Promise<WireSearchResponse> {
    // Larger limits get 400 "Invalid limit" for Development-Mode apps.
    return this.get<WireSearchResponse>('/search', { q: query, type, limit: Math.max(1, Math.min(limit, SPOTIFY_SMALL_PAGE_MAX)), offset });
  }

  /** Follows `next` verbatim (hrefs are opaque: search uses `query=` instead of `q=`). */
  private async *pages<T>(path: string, params: Record<string, string | number>, ctx: { playlistId?: string } = {}): AsyncGenerator<WirePaging<T>> {
    let page = await this.get<WirePaging<T>>(path, params, ctx);
    for (;;) {
      if (!page || !Array.isArray(page.items)) throw new SpotifyError('invalid_response', `${path}: response is not a paging object`);
      yield page;
      if (!page.next || page.items.length === 0) return;
      page = await this.get<WirePaging<T>>(page.next, undefined, ctx);
    }
  }

  private async get<T>(pathOrUrl: string, params?: Record<string, string | number>, ctx: { playlistId?: string } = {}): Promise<T> {
    const config = async (token: string): Promise<AxiosRequestConfig> => ({ params, headers: { Authorization: `Bearer ${token}` } });
    try {
      try {
        return (await this.http.get<T>(pathOrUrl, await config(await this.options.getAccessToken()))).data;
      } catch (err) {
        const expired = axios.isAxiosError(err) && err.response?.status === 401 && this.options.refreshAccessToken;
        if (!expired || !this.options.refreshAccessToken) throw err;
        const fresh = await this.options.refreshAccessToken();
        return (await this.http.get<T>(pathOrUrl, await config(fresh))).data;
      }
    } catch (err) {
      throw toSpotifyError(err, ctx);
    }
  }
}

async function collect(pages: AsyncGenerator<ListTrackPage>): Promise<PlaylistItemsResult> {
  const tracks: ListTrack[] = [];
  const skipped = emptySkipped();
  let total = 0;
  for await (const page of pages) {
    tracks.push(...page.tracks);
    skipped.local += page.skipped.local;
    skipped.episode += page.skipped.episode;
    skipped.unavailable += page.skipped.unavailable;
    total = page.total;
  }
  return { tracks, skipped, total };
}

function firstImage(images: WireImage[] | null | undefined): string | undefined {
  return images && images.length > 0 ? images[0].url : undefined;
}

function mapPlaylist(p: WireSimplifiedPlaylist, currentUserId: string): SpotifyPlaylistSummary {
  const owned = p.owner?.id === currentUserId;
  return {
    id: p.id,
    name: p.name,
    description: p.description || undefined,
    ownerId: p.owner?.id,
    ownerName: p.owner?.display_name ?? undefined,
    owned,
    collaborative: p.collaborative,
    readable: owned || p.collaborative,
    snapshotId: p.snapshot_id,
    totalItems: (p.items ?? p.tracks)?.total,
    imageUrl: firstImage(p.images),
  };
}

function mapAlbum(a: WireSimplifiedAlbum): SpotifyAlbumSummary {
  return {
    id: a.id ?? '',
    name: a.name,
    albumType: a.album_type ?? undefined,
    artists: (a.artists ?? []).map((x) => x.name),
    releaseDate: a.release_date ?? undefined,
    totalTracks: a.total_tracks ?? undefined,
    imageUrl: firstImage(a.images),
  };
}

function mapArtist(a: WireArtist): SpotifyArtistSummary {
  return { id: a.id, name: a.name, imageUrl: firstImage(a.images) };
}
