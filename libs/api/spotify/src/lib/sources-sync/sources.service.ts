import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SOULSEEK_PROFILE_IDS, type CreateListSourceRequest, DiscoverSpotifyListsResponse, ImportListResponse, ListSource, ListSourceTrack, Page, UpdateListSourceRequest } from '@soulspot/shared/contracts';
import { EventBus, JobName, JobQueue } from '@soulspot/api/core';
import { WantedTracksRepository } from '@soulspot/api/library';
import { SettingsRepository } from '@soulspot/api/platform';
import { SpotifyError } from '../clients/spotify.errors';
import { SpotifyConnectionService } from '../connection/spotify-connection.service';
import { dedupeListTracks } from '../sources/list-dedupe';
import { parseListFile } from '../sources/list-file';
import { isSpotifyKind } from './source-sync.service';
import { toWantedTrackInput } from './list-track.input';

/** For HTTP callers a grant that needs reconnecting is a 409 with the way out, not a 502 from Spotify. */
function asConflict(e: unknown): never {
  if (e instanceof SpotifyError && e.code === 'reconnect_required') throw new ConflictException('Spotify needs to be reconnected: open Settings and click Reconnect');
  throw e;
}

const SINGLE_KIND_NAMES = { spotify_liked: 'Liked Songs', spotify_saved_albums: 'Saved albums', spotify_followed_artists: 'Followed artists' } as const;
const IMPORT_CHUNK = 1000;

/** Use cases of the Playlists pages: list, discover, add, import, change, sync now, tracks, delete. */
@Injectable()
export class SourcesService {
  constructor(
    private readonly repo: WantedTracksRepository,
    private readonly connection: SpotifyConnectionService,
    private readonly jobs: JobQueue,
    private readonly events: EventBus,
    private readonly settings: SettingsRepository,
  ) {}

  list(): Promise<ListSource[]> {
    return this.repo.listSources();
  }

  async get(id: string): Promise<ListSource> {
    const source = await this.repo.findSource(id);
    if (!source) throw new NotFoundException(`source ${id} not found`);
    return source;
  }

  /** The user's Spotify lists with what can be synced; followed playlists are flagged with the CSV way out. */
  async discover(): Promise<DiscoverSpotifyListsResponse> {
    const { client, account } = await this.connection.client().catch(asConflict);
    const existing = await this.repo.listSources();
    const sourceIdOf = (kind: string, externalId: string | null) => existing.find((s) => s.kind === kind && s.externalId === externalId)?.id ?? null;
    const lists: DiscoverSpotifyListsResponse['lists'] = (['spotify_liked', 'spotify_saved_albums', 'spotify_followed_artists'] as const).map((kind) => ({
      kind,
      externalId: null,
      name: SINGLE_KIND_NAMES[kind],
      ownerName: null,
      totalItems: null,
      readable: true,
      note: kind === 'spotify_followed_artists' ? 'Artists are kept as artists to watch, not turned into wanted tracks' : null,
      sourceId: sourceIdOf(kind, null),
    }));
    for await (const p of client.iteratePlaylists(account.spotifyUserId)) {
      lists.push({
        kind: 'spotify_playlist',
        externalId: p.id,
        name: p.name,
        ownerName: p.ownerName ?? p.ownerId ?? null,
        totalItems: p.totalItems ?? null,
        readable: p.readable,
        note: p.readable ? null : 'Not readable — Spotify only lets apps read playlists you own or collaborate on. Export it as CSV (e.g. with Exportify) and import the file.',
        sourceId: sourceIdOf('spotify_playlist', p.id),
      });
    }
    return { lists };
  }

  async create(req: CreateListSourceRequest): Promise<ListSource> {
    if (req.kind === 'spotify_playlist' && !req.externalId) throw new BadRequestException('externalId (the Spotify playlist id) is required for a playlist');
    const externalId = req.kind === 'spotify_playlist' ? (req.externalId ?? null) : null;
    if (await this.repo.findSourceByExternal(req.kind, externalId)) throw new ConflictException('This list was already added');
    const created = await this.repo.createSource({ kind: req.kind, name: req.name, externalId, lastSyncStatus: 'queued' });
    await this.jobs.enqueue({ name: JobName.SpotifySyncSource, data: { sourceId: created.id } });
    await this.events.publish({ type: 'sources.updated', payload: { sourceId: created.id } });
    return this.get(created.id);
  }

  /** CSV (Exportify or artist,title[,album,duration]), `Artist - Title` text, or M3U/M3U8. */
  async importList(body: { fileName?: string; content: string; name?: string }): Promise<ImportListResponse> {
    if (!body.content || !body.content.trim()) throw new BadRequestException('The list is empty');
    const parsed = await parseListFile(Buffer.from(body.content, 'utf8'), { fileName: body.fileName });
    if (parsed.tracks.length === 0) {
      throw new BadRequestException({ message: 'No track could be read from the list', errors: parsed.errors.slice(0, 50).map((e) => `line ${e.line}: ${e.reason}`) });
    }
    const name = body.name?.trim() || body.fileName?.replace(/\.[^.]+$/, '') || `Imported list ${new Date().toISOString().slice(0, 10)}`;
    const kind = parsed.format === 'csv' ? 'csv' : 'text';
    const source = await this.repo.createSource({ kind, name, externalId: null, syncEnabled: false, lastSyncStatus: 'ok', lastSyncAt: new Date(), lastSyncMessage: `Imported ${parsed.tracks.length} lines (${parsed.format})` });
    const { tracks, duplicates } = dedupeListTracks(parsed.tracks);
    const syncId = randomUUID();
    for (let i = 0; i < tracks.length; i += IMPORT_CHUNK) await this.repo.upsertEntries(source.id, syncId, tracks.slice(i, i + IMPORT_CHUNK).map(toWantedTrackInput));
    await this.events.publish({ type: 'sources.updated', payload: { sourceId: source.id } });
    return { source: await this.get(source.id), format: parsed.format, imported: tracks.length, duplicates, errors: parsed.errors };
  }

  async update(id: string, patch: UpdateListSourceRequest): Promise<ListSource> {
    const source = await this.get(id);
    if (patch.syncEnabled && !isSpotifyKind(source.kind)) throw new BadRequestException('Imported lists do not sync; import the file again to update it');
    if (patch.profile) await this.assertProfileExists(patch.profile);
    await this.repo.updateSource(id, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
    await this.events.publish({ type: 'sources.updated', payload: { sourceId: id } });
    return this.get(id);
  }

  /**
   * Integrations do not import each other, so the profile is checked against the `quality-profiles`
   * settings section the soulseek lib keeps (built-in ids + `profiles[].id`). A profile deleted later
   * makes the downloads of this list fall back to the default profile.
   */
  private async assertProfileExists(id: string): Promise<void> {
    if (SOULSEEK_PROFILE_IDS.includes(id)) return;
    const stored = (await this.settings.get('quality-profiles')) as { profiles?: { id: string }[] } | null;
    if (!stored?.profiles?.some((p) => p.id === id)) throw new BadRequestException(`unknown quality profile "${id}": choose one from GET /api/quality-profiles`);
  }

  /** 202: the worker syncs; progress arrives as `source.sync.updated`. */
  async requestSync(id: string): Promise<ListSource> {
    const source = await this.get(id);
    if (!isSpotifyKind(source.kind)) throw new BadRequestException('Imported lists do not sync; import the file again to update it');
    if (source.lastSyncStatus === 'running') return source;
    await this.connection.requireAccount().catch(asConflict);
    await this.repo.updateSource(id, { lastSyncStatus: 'queued', lastSyncMessage: null });
    await this.jobs.enqueue({ name: JobName.SpotifySyncSource, data: { sourceId: id } });
    const queued = await this.get(id);
    await this.events.publish({ type: 'source.sync.updated', payload: queued });
    return queued;
  }

  async tracks(id: string, page: number, pageSize: number, includeRemoved: boolean): Promise<Page<ListSourceTrack>> {
    await this.get(id);
    return this.repo.listTracks(id, page, pageSize, includeRemoved);
  }

  /** Removes the list and its entries; wanted tracks (and any files) stay. */
  async remove(id: string): Promise<void> {
    if (!(await this.repo.deleteSource(id))) throw new NotFoundException(`source ${id} not found`);
    await this.events.publish({ type: 'sources.updated', payload: { sourceId: id } });
  }
}
