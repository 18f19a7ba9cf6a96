import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ListSource, SkippedEntryCounts } from '@soulspot/shared/contracts';
import { EventBus } from '@soulspot/api/core';
import { ListSourceEntity, WantedTracksRepository } from '@soulspot/api/library';
import type { ListTrackPage, SpotifyClient } from '../clients/spotify.client';
import { SpotifyError } from '../clients/spotify.errors';
import { SpotifyConnectionService } from '../connection/spotify-connection.service';
import type { SpotifyTokenEntity } from '../entities/spotify-token.entity';
import { toWantedTrackInput } from './list-track.input';

export interface SyncResult {
  sourceId: string;
  outcome: 'synced' | 'unchanged' | 'skipped';
  entries: number;
  created: number;
  removed: number;
  skipped: SkippedEntryCounts;
  durationMs: number;
}

const SPOTIFY_KINDS: ListSourceEntity['kind'][] = ['spotify_playlist', 'spotify_liked', 'spotify_saved_albums', 'spotify_followed_artists'];

export function isSpotifyKind(kind: ListSourceEntity['kind']): boolean {
  return SPOTIFY_KINDS.includes(kind);
}

/**
 * Syncs one source into wanted tracks. Incremental: a playlist whose snapshot_id did not change costs
 * one request; otherwise every page is written in bulk as it arrives (bounded memory), and entries
 * the run did not see are marked removed (never deleted). Errors are recorded on the source and
 * re-thrown as `SpotifyError` so the job decides: retry later, back off, or stop.
 */
@Injectable()
export class SourceSyncService {
  private readonly logger = new Logger(SourceSyncService.name);

  constructor(
    private readonly repo: WantedTracksRepository,
    private readonly connection: SpotifyConnectionService,
    private readonly events: EventBus,
  ) {}

  static readonly SPOTIFY_KINDS = SPOTIFY_KINDS;

  /** Returns null when the source is gone (deleted while queued). */
  async sync(sourceId: string): Promise<SyncResult | null> {
    const source = await this.repo.findSourceEntity(sourceId);
    if (!source) return null;
    const t0 = Date.now();
    if (!isSpotifyKind(source.kind)) {
      await this.finish(source.id, { lastSyncStatus: 'ok', lastSyncMessage: 'Imported list: import the file again to update it', lastSyncAt: new Date() });
      return { sourceId, outcome: 'skipped', entries: 0, created: 0, removed: 0, skipped: source.skipped, durationMs: 0 };
    }
    try {
      const { client, account } = await this.connection.client();
      if (account.pausedUntil && account.pausedUntil.getTime() > Date.now()) {
        throw new SpotifyError('quota_exceeded', 'daily request quota exceeded; pausing Spotify requests until the quota resets', { retryAfterMs: account.pausedUntil.getTime() - Date.now() });
      }
      await this.finish(source.id, { lastSyncStatus: 'running', lastSyncMessage: null });
      const result = await this.run(source, client, account);
      const message = result.outcome === 'unchanged' ? 'Unchanged since the last sync' : `${result.entries} tracks (${result.created} new, ${result.removed} removed)${skippedText(result.skipped)}`;
      await this.finish(source.id, { lastSyncStatus: 'ok', lastSyncMessage: message, lastSyncAt: new Date() });
      result.durationMs = Date.now() - t0;
      this.logger.log(`synced source ${source.id} (${source.kind}) ${result.outcome} in ${result.durationMs} ms: ${message}`);
      return result;
    } catch (e) {
      await this.recordFailure(source, e);
      throw e;
    }
  }

  private async run(source: ListSourceEntity, client: SpotifyClient, account: SpotifyTokenEntity): Promise<SyncResult> {
    const syncId = randomUUID();
    const base = { sourceId: source.id, entries: 0, created: 0, removed: 0, skipped: { local: 0, episode: 0, unavailable: 0 }, durationMs: 0 };
    switch (source.kind) {
      case 'spotify_playlist': {
        if (!source.externalId) throw new SpotifyError('bad_request', 'playlist source without a Spotify id');
        const meta = await client.getPlaylist(source.externalId, account.spotifyUserId);
        if (meta.snapshotId === source.snapshotId && source.lastSyncAt) return { ...base, outcome: 'unchanged' };
        if (!meta.readable) {
          throw new SpotifyError('forbidden', `"${meta.name}" is not owned by or shared with you — Spotify only lets apps read your own and collaborative playlists; export it as CSV (e.g. with Exportify) and import the file instead`);
        }
        const result = await this.writePages(source.id, syncId, client.iteratePlaylistItems(source.externalId), base);
        await this.repo.updateSource(source.id, { snapshotId: meta.snapshotId, name: meta.name, skipped: result.skipped });
        return result;
      }
      case 'spotify_liked': {
        const result = await this.writePages(source.id, syncId, client.iterateLikedSongs(), base);
        await this.repo.updateSource(source.id, { skipped: result.skipped });
        return result;
      }
      case 'spotify_saved_albums': {
        const albums = this.albumPages(client);
        const result = await this.writePages(source.id, syncId, albums, base);
        await this.repo.updateSource(source.id, { skipped: result.skipped });
        return result;
      }
      case 'spotify_followed_artists': {
        const artists: { id: string; name: string }[] = [];
        for await (const a of client.iterateFollowedArtists()) artists.push({ id: a.id, name: a.name });
        await this.repo.updateSource(source.id, { artists });
        return { ...base, outcome: 'synced', entries: artists.length };
      }
      default:
        return { ...base, outcome: 'skipped' };
    }
  }

  /** Saved albums as pages of tracks, positions running across albums. */
  private async *albumPages(client: SpotifyClient): AsyncGenerator<ListTrackPage> {
    let position = 0;
    for await (const album of client.iterateSavedAlbums()) {
      const { tracks } = await client.getAlbumTracks(album.id);
      const positioned = tracks.map((t) => ({ ...t, position: position++ }));
      yield { tracks: positioned, skipped: { local: 0, episode: 0, unavailable: 0 }, offset: positioned[0]?.position ?? position, total: 0 };
    }
  }

  private async writePages(sourceId: string, syncId: string, pages: AsyncGenerator<ListTrackPage>, base: Omit<SyncResult, 'outcome'>): Promise<SyncResult> {
    const result: SyncResult = { ...base, skipped: { ...base.skipped }, outcome: 'synced' };
    let pageNo = 0;
    // The next page is fetched while this one is written: HTTP latency and database time overlap.
    let pending = pages.next();
    for (;;) {
      const step = await pending;
      if (step.done) break;
      const page = step.value;
      pending = pages.next();
      // If writing fails, the prefetch's own failure must not surface as an unhandled rejection.
      pending.catch(() => undefined);
      const written = await this.repo.upsertEntries(sourceId, syncId, page.tracks.map(toWantedTrackInput));
      result.entries += written.entries;
      result.created += written.created;
      result.skipped.local += page.skipped.local;
      result.skipped.episode += page.skipped.episode;
      result.skipped.unavailable += page.skipped.unavailable;
      // Progress for the UI on big lists, without an event per page.
      if (++pageNo % 20 === 0) await this.publish(sourceId);
    }
    result.removed = await this.repo.markRemoved(sourceId, syncId);
    return result;
  }

  private async recordFailure(source: ListSourceEntity, e: unknown): Promise<void> {
    const err = e instanceof SpotifyError ? e : null;
    let status: ListSource['lastSyncStatus'] = 'error';
    let message = (e as Error).message;
    if (err?.code === 'quota_exceeded' || err?.code === 'rate_limited') {
      const until = new Date(Date.now() + (err.retryAfterMs ?? 5_000));
      status = err.code === 'quota_exceeded' ? 'paused' : 'queued';
      message = err.code === 'quota_exceeded' ? `Spotify's daily quota is used up: paused until ${until.toISOString()}` : `Rate limited by Spotify: retrying at ${until.toISOString()}`;
      if (err.code === 'quota_exceeded') {
        const account = await this.connection.requireAccount().catch(() => null);
        if (account) await this.connection.setPausedUntil(account.id, until);
      }
    } else if (err?.code === 'reconnect_required') {
      message = 'Spotify needs to be reconnected (the grant was revoked or expired): open Settings and click Connect';
    } else if (err && err.retryable) {
      message = `${err.message} — will retry`;
    } else if (!err && e instanceof Error && e.name === 'SpotifyNotConnectedError') {
      message = 'Spotify is not connected: connect it in Settings';
    }
    await this.finish(source.id, { lastSyncStatus: status, lastSyncMessage: message.replace(/^spotify: /, ''), lastSyncAt: status === 'error' ? new Date() : source.lastSyncAt });
  }

  private async finish(sourceId: string, patch: Partial<ListSourceEntity>): Promise<void> {
    await this.repo.updateSource(sourceId, patch);
    await this.publish(sourceId);
  }

  private async publish(sourceId: string): Promise<void> {
    const source = await this.repo.findSource(sourceId);
    if (source) await this.events.publish({ type: 'source.sync.updated', payload: source });
  }
}

function skippedText(s: SkippedEntryCounts): string {
  const parts = [s.unavailable && `${s.unavailable} unavailable`, s.local && `${s.local} local files`, s.episode && `${s.episode} episodes`].filter(Boolean);
  return parts.length ? `; skipped ${parts.join(', ')}` : '';
}
