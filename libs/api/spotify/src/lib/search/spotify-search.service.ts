import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AddFromSearchRequest, AddFromSearchResponse, SpotifySearchItem, SpotifySearchResponse, SpotifySearchType } from '@soulspot/shared/contracts';
import { EventBus } from '@soulspot/api/core';
import { WantedTracksRepository } from '@soulspot/api/library';
import { SPOTIFY_SMALL_PAGE_MAX } from '../clients/spotify.client';
import { SpotifyError } from '../clients/spotify.errors';
import { SpotifyConnectionService } from '../connection/spotify-connection.service';
import { toWantedTrackInput } from '../sources-sync/list-track.input';

export const SEARCH_SOURCE_NAME = 'Added from search';
const PAGE_SIZE = SPOTIFY_SMALL_PAGE_MAX;

function asHttp(e: unknown): never {
  if (e instanceof SpotifyError && e.code === 'reconnect_required') throw new ConflictException('Spotify needs to be reconnected: open Settings and click Reconnect');
  if (e instanceof SpotifyError && e.code === 'not_found') throw new NotFoundException('Spotify does not know this id');
  throw e;
}

/**
 * The Spotify search page: pages of 10 (the Development Mode maximum) marked with what is already wanted,
 * and "add": the track, or every track of the album, becomes an entry of the one list of kind `search`
 * ("Added from search", never synced). Wanted tracks go through the library's dedupe (`upsertEntries`),
 * so a track already wanted from any list is not created twice.
 */
@Injectable()
export class SpotifySearchService {
  constructor(
    private readonly connection: SpotifyConnectionService,
    private readonly repo: WantedTracksRepository,
    private readonly events: EventBus,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async search(q: string, type: SpotifySearchType, page: number): Promise<SpotifySearchResponse> {
    const { client } = await this.connection.client().catch(asHttp);
    const offset = (page - 1) * PAGE_SIZE;
    let items: SpotifySearchItem[];
    let total: number;
    let hasMore: boolean;
    if (type === 'track') {
      const res = await client.searchTracks(q, { limit: PAGE_SIZE, offset }).catch(asHttp);
      const wanted = await this.wantedSpotifyIds(res.items.flatMap((t) => (t.spotifyId ? [t.spotifyId] : [])));
      items = res.items
        .filter((t) => t.spotifyId)
        .map((t) => ({
          kind: 'track' as const,
          spotifyId: t.spotifyId as string,
          name: t.title,
          artists: t.artists,
          album: t.album ?? null,
          durationMs: t.durationMs ?? null,
          releaseDate: null,
          totalTracks: null,
          imageUrl: null,
          wanted: wanted.has(t.spotifyId as string),
        }));
      total = res.total;
      hasMore = res.nextOffset !== null;
    } else {
      const res = await client.searchAlbums(q, { limit: PAGE_SIZE, offset }).catch(asHttp);
      const counts = await this.wantedAlbumCounts(res.items.map((a) => ({ name: a.name, artists: a.artists })));
      items = res.items.map((a, i) => ({
        kind: 'album' as const,
        spotifyId: a.id,
        name: a.name,
        artists: a.artists,
        album: null,
        durationMs: null,
        releaseDate: a.releaseDate ?? null,
        totalTracks: a.totalTracks ?? null,
        imageUrl: a.imageUrl ?? null,
        wanted: !!a.totalTracks && counts[i] >= a.totalTracks,
      }));
      total = res.total;
      hasMore = res.nextOffset !== null;
    }
    return { items, page, pageSize: PAGE_SIZE, total, hasMore };
  }

  async add(req: AddFromSearchRequest): Promise<AddFromSearchResponse> {
    const { client } = await this.connection.client().catch(asHttp);
    const tracks = req.kind === 'track' ? [await client.getTrack(req.spotifyId).catch(asHttp)] : (await client.getAlbumTracks(req.spotifyId).catch(asHttp)).tracks;
    const sourceId = await this.searchSourceId();
    const [{ n }] = (await this.db.query('SELECT count(*)::int AS n FROM source_entries WHERE source_id = $1', [sourceId])) as { n: number }[];
    const now = new Date().toISOString();
    const { created } = await this.repo.upsertEntries(
      sourceId,
      randomUUID(),
      tracks.map((t, i) => toWantedTrackInput({ ...t, position: n + i, addedAt: now })),
    );
    await this.repo.updateSource(sourceId, { lastSyncAt: new Date(), lastSyncMessage: `Added ${req.kind} ${req.spotifyId}` });
    await this.events.publish({ type: 'sources.updated', payload: { sourceId } });
    return { sourceId, tracks: tracks.length, created };
  }

  /** The one `search` list, created on first use; it never syncs. */
  private async searchSourceId(): Promise<string> {
    const existing = await this.repo.findSourceByExternal('search', null);
    if (existing) return existing.id;
    const created = await this.repo.createSource({ kind: 'search', name: SEARCH_SOURCE_NAME, externalId: null, syncEnabled: false, lastSyncStatus: 'ok', lastSyncAt: new Date() });
    return created.id;
  }

  private async wantedSpotifyIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = (await this.db.query('SELECT spotify_id FROM wanted_tracks WHERE spotify_id = ANY($1)', [ids])) as { spotify_id: string }[];
    return new Set(rows.map((r) => r.spotify_id));
  }

  /** Per album: wanted tracks with that album name (case-insensitive) and one of its artists. */
  private async wantedAlbumCounts(albums: { name: string; artists: string[] }[]): Promise<number[]> {
    if (albums.length === 0) return [];
    const rows = (await this.db.query(
      `SELECT x.i, count(w.id)::int AS n
         FROM jsonb_to_recordset($1::jsonb) AS x(i int, name text, artists jsonb)
         LEFT JOIN wanted_tracks w ON lower(w.album) = lower(x.name) AND w.artists && ARRAY(SELECT jsonb_array_elements_text(x.artists))
        GROUP BY x.i`,
      [JSON.stringify(albums.map((a, i) => ({ i, name: a.name, artists: a.artists })))],
    )) as { i: number; n: number }[];
    const out = albums.map(() => 0);
    for (const r of rows) out[r.i] = r.n;
    return out;
  }
}
