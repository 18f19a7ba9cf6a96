import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ListSource, ListSourceCounts, ListSourceTrack, Page, WantedTrack } from '@soulspot/shared/contracts';
import { ListSourceEntity } from './entities/list-source.entity';
import { SourceEntryEntity } from './entities/source-entry.entity';
import { WantedTrackEntity } from './entities/wanted-track.entity';

/** One entry of a list as the library stores it; identity keys are computed by the caller (list parsers know them). */
export interface WantedTrackInput {
  /** Most reliable identity: `spotify:<id>`, `isrc:<ISRC>` or `meta:<artist>|<title>|<bucket>`. */
  dedupeKey: string;
  metaKey: string;
  spotifyId?: string;
  isrc?: string;
  title: string;
  artists: string[];
  album?: string;
  durationMs?: number;
  position: number;
  addedAt?: string;
}

export interface UpsertEntriesResult {
  /** Wanted tracks created by this call (the rest already existed, from this or another list). */
  created: number;
  entries: number;
}

type SourceRow = ListSourceEntity & Omit<ListSourceCounts, 'excluded'> & { excluded_count: number };

export function toListSource(row: SourceRow): ListSource {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    externalId: row.externalId,
    snapshotId: row.snapshotId,
    syncEnabled: row.syncEnabled,
    syncIntervalMinutes: row.syncIntervalMinutes,
    excluded: row.excluded,
    profile: row.profile ?? null,
    lastSyncAt: row.lastSyncAt ? new Date(row.lastSyncAt).toISOString() : null,
    lastSyncStatus: row.lastSyncStatus,
    lastSyncMessage: row.lastSyncMessage,
    counts: {
      total: Number(row.total ?? 0),
      wanted: Number(row.wanted ?? 0),
      inLibrary: Number(row.inLibrary ?? 0),
      missing: Number(row.missing ?? 0),
      excluded: Number(row.excluded_count ?? 0),
      removed: Number(row.removed ?? 0),
    },
    skipped: row.skipped,
    artists: row.artists,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

export function toWantedTrack(e: WantedTrackEntity): WantedTrack {
  return { id: e.id, title: e.title, artists: e.artists, album: e.album, durationMs: e.durationMs, isrc: e.isrc, spotifyId: e.spotifyId, state: e.state, libraryPath: e.libraryPath, createdAt: e.createdAt.toISOString() };
}

const SOURCE_SELECT = `
  SELECT s.id, s.kind, s.name, s.external_id AS "externalId", s.snapshot_id AS "snapshotId", s.sync_enabled AS "syncEnabled",
         s.sync_interval_minutes AS "syncIntervalMinutes", s.excluded, s.profile, s.last_sync_at AS "lastSyncAt", s.last_sync_status AS "lastSyncStatus",
         s.last_sync_message AS "lastSyncMessage", s.skipped, s.artists, s.created_at AS "createdAt",
         count(e.id) FILTER (WHERE e.removed_at IS NULL)::int AS total,
         count(e.id) FILTER (WHERE e.removed_at IS NULL AND w.state IN ('wanted', 'in_library') AND NOT s.excluded)::int AS wanted,
         count(e.id) FILTER (WHERE e.removed_at IS NULL AND w.state = 'in_library')::int AS "inLibrary",
         count(e.id) FILTER (WHERE e.removed_at IS NULL AND w.state = 'wanted' AND NOT s.excluded)::int AS missing,
         count(e.id) FILTER (WHERE e.removed_at IS NULL AND w.state <> 'in_library' AND (w.state = 'excluded' OR s.excluded))::int AS excluded_count,
         count(e.id) FILTER (WHERE e.removed_at IS NOT NULL)::int AS removed
    FROM list_sources s
    LEFT JOIN source_entries e ON e.source_id = s.id
    LEFT JOIN wanted_tracks w ON w.id = e.wanted_track_id`;

/** `meta:<artist>|<title>|<length bucket or ?>` without the length bucket. */
function metaBase(metaKey: string): string {
  return metaKey.slice(0, metaKey.lastIndexOf('|'));
}

function lengthUnknown(metaKey: string): boolean {
  return metaKey.endsWith('|?');
}

/** Lookups are chunked so a 10,000-line import never builds one giant statement. */
const CHUNK = 1000;

/**
 * List sources, wanted tracks and their entries. Page writes are bulk statements in one transaction:
 * one lookup by every identity key, one INSERT ... ON CONFLICT for new recordings, one for entries.
 */
@Injectable()
export class WantedTracksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async createSource(values: Partial<ListSourceEntity> & Pick<ListSourceEntity, 'kind' | 'name'>): Promise<ListSourceEntity> {
    const repo = this.db.getRepository(ListSourceEntity);
    return repo.save(repo.create(values));
  }

  findSourceEntity(id: string): Promise<ListSourceEntity | null> {
    return this.db.getRepository(ListSourceEntity).findOneBy({ id });
  }

  findSourceByExternal(kind: ListSourceEntity['kind'], externalId: string | null): Promise<ListSourceEntity | null> {
    return this.db.getRepository(ListSourceEntity).createQueryBuilder('s').where('s.kind = :kind', { kind }).andWhere(externalId === null ? 's.external_id IS NULL' : 's.external_id = :externalId', { externalId }).getOne();
  }

  async findSource(id: string): Promise<ListSource | null> {
    const rows = (await this.db.query(`${SOURCE_SELECT} WHERE s.id = $1 GROUP BY s.id`, [id])) as SourceRow[];
    return rows[0] ? toListSource(rows[0]) : null;
  }

  async listSources(): Promise<ListSource[]> {
    const rows = (await this.db.query(`${SOURCE_SELECT} GROUP BY s.id ORDER BY s.created_at, s.id`)) as SourceRow[];
    return rows.map(toListSource);
  }

  async updateSource(id: string, patch: Partial<Omit<ListSourceEntity, 'id' | 'createdAt'>>): Promise<void> {
    if (Object.keys(patch).length) await this.db.getRepository(ListSourceEntity).update({ id }, patch);
  }

  async deleteSource(id: string): Promise<boolean> {
    return ((await this.db.getRepository(ListSourceEntity).delete({ id })).affected ?? 0) > 0;
  }

  /** Spotify sources whose interval has elapsed and that are not already queued or running. */
  async dueSources(kinds: ListSourceEntity['kind'][], now = new Date()): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT id FROM list_sources
        WHERE sync_enabled AND kind = ANY($1) AND last_sync_status NOT IN ('queued', 'running')
          AND (last_sync_at IS NULL OR last_sync_at + make_interval(mins => sync_interval_minutes) <= $2)
        ORDER BY last_sync_at NULLS FIRST LIMIT 50`,
      [kinds, now],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** Sources whose sync is marked queued or running (their job should be in the queue). */
  async sourcesInProgress(kinds: ListSourceEntity['kind'][]): Promise<string[]> {
    const rows = (await this.db.query(`SELECT id FROM list_sources WHERE kind = ANY($1) AND last_sync_status IN ('queued', 'running')`, [kinds])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /**
   * Adds one page of a list: finds or creates the wanted track of every entry (one per recording,
   * across all lists) and upserts the entries with their positions. `syncId` marks what this run saw.
   */
  async upsertEntries(sourceId: string, syncId: string, tracks: WantedTrackInput[]): Promise<UpsertEntriesResult> {
    if (tracks.length === 0) return { created: 0, entries: 0 };
    return this.db.transaction(async (m) => {
      const ids = await this.resolveWantedTracks(m, tracks);
      // A recording listed twice keeps its first position (one entry per recording and list).
      const entries = new Map<string, { source_id: string; wanted_track_id: string; position: number; added_at: string | null; seen_in_sync: string }>();
      tracks.forEach((t, i) => {
        const wantedTrackId = ids.byIndex[i];
        if (!entries.has(wantedTrackId)) entries.set(wantedTrackId, { source_id: sourceId, wanted_track_id: wantedTrackId, position: t.position, added_at: t.addedAt ?? null, seen_in_sync: syncId });
      });
      await m.query(
        `INSERT INTO source_entries (source_id, wanted_track_id, position, added_at, seen_in_sync, removed_at)
         SELECT x.source_id, x.wanted_track_id, x.position, x.added_at, x.seen_in_sync, NULL
           FROM jsonb_to_recordset($1::jsonb) AS x(source_id uuid, wanted_track_id uuid, position int, added_at timestamptz, seen_in_sync uuid)
         ON CONFLICT (source_id, wanted_track_id) DO UPDATE SET
           position = CASE WHEN source_entries.seen_in_sync = EXCLUDED.seen_in_sync THEN LEAST(source_entries.position, EXCLUDED.position) ELSE EXCLUDED.position END,
           added_at = COALESCE(source_entries.added_at, EXCLUDED.added_at),
           removed_at = NULL,
           seen_in_sync = EXCLUDED.seen_in_sync`,
        [JSON.stringify([...entries.values()])],
      );
      return { created: ids.created, entries: entries.size };
    });
  }

  /** After a complete run: entries the run did not see left the list. Returns how many. */
  async markRemoved(sourceId: string, syncId: string): Promise<number> {
    const res = (await this.db.query(
      `UPDATE source_entries SET removed_at = now() WHERE source_id = $1 AND removed_at IS NULL AND seen_in_sync IS DISTINCT FROM $2 RETURNING id`,
      [sourceId, syncId],
    )) as unknown;
    // TypeORM answers UPDATE ... RETURNING with [rows, rowCount].
    return Array.isArray(res) && Array.isArray(res[0]) ? (res[0] as unknown[]).length : Array.isArray(res) ? res.length : 0;
  }

  async listTracks(sourceId: string, page: number, pageSize: number, includeRemoved: boolean): Promise<Page<ListSourceTrack>> {
    const where = `e.source_id = $1${includeRemoved ? '' : ' AND e.removed_at IS NULL'}`;
    const [rows, count] = await Promise.all([
      this.db.query(
        `SELECT e.id AS "entryId", e.position, e.wanted_track_id AS "wantedTrackId", w.title, w.artists, w.album, w.duration_ms AS "durationMs",
                w.isrc, w.spotify_id AS "spotifyId", w.state, s.excluded AS "sourceExcluded", e.added_at AS "addedAt", e.removed_at AS "removedAt"
           FROM source_entries e JOIN wanted_tracks w ON w.id = e.wanted_track_id JOIN list_sources s ON s.id = e.source_id
          WHERE ${where}
          ORDER BY e.removed_at IS NOT NULL, e.position, e.id
          LIMIT $2 OFFSET $3`,
        [sourceId, pageSize, (page - 1) * pageSize],
      ) as Promise<(Omit<ListSourceTrack, 'state' | 'trackExcluded'> & { state: string; sourceExcluded: boolean; addedAt: Date | null; removedAt: Date | null })[]>,
      this.db.query(`SELECT count(*)::int AS n FROM source_entries e WHERE ${where}`, [sourceId]) as Promise<{ n: number }[]>,
    ]);
    const items = rows.map(({ sourceExcluded, ...r }) => ({
      ...r,
      state: r.state === 'in_library' ? ('in_library' as const) : r.state === 'excluded' || sourceExcluded ? ('excluded' as const) : ('wanted' as const),
      trackExcluded: r.state === 'excluded',
      addedAt: r.addedAt ? new Date(r.addedAt).toISOString() : null,
      removedAt: r.removedAt ? new Date(r.removedAt).toISOString() : null,
    }));
    return { items, total: count[0].n, page, pageSize };
  }

  async findWantedTrack(id: string): Promise<WantedTrackEntity | null> {
    return this.db.getRepository(WantedTrackEntity).findOneBy({ id });
  }

  async setWantedTrackState(id: string, state: WantedTrackEntity['state']): Promise<WantedTrackEntity | null> {
    await this.db.getRepository(WantedTrackEntity).update({ id }, { state });
    return this.findWantedTrack(id);
  }

  /** Source ids that list a wanted track (to refresh their counts in the UI). */
  async sourcesOf(wantedTrackId: string): Promise<string[]> {
    const rows = (await this.db.getRepository(SourceEntryEntity).find({ where: { wantedTrackId }, select: { sourceId: true } })).map((e) => e.sourceId);
    return [...new Set(rows)];
  }

  /**
   * Wanted-track id per input, in input order: an existing recording matched by Spotify id, then ISRC,
   * then normalised artist+title+duration; otherwise a new row (ON CONFLICT on dedupe_key, so a
   * concurrent import of the same recording still ends with one row).
   */
  private async resolveWantedTracks(m: EntityManager, tracks: WantedTrackInput[]): Promise<{ byIndex: string[]; created: number }> {
    const bySpotify = new Map<string, string>();
    const byIsrc = new Map<string, string>();
    const byMeta = new Map<string, string>();
    const byMetaBase = new Map<string, string>();
    const byDedupe = new Map<string, string>();
    for (let i = 0; i < tracks.length; i += CHUNK) {
      const chunk = tracks.slice(i, i + CHUNK);
      const rows = (await m.query(
        `SELECT id, dedupe_key, spotify_id, isrc, meta_key FROM wanted_tracks
          WHERE dedupe_key = ANY($1) OR spotify_id = ANY($2) OR isrc = ANY($3) OR meta_key = ANY($4) OR meta_key LIKE ANY($5)`,
        [
          chunk.map((t) => t.dedupeKey),
          chunk.flatMap((t) => (t.spotifyId ? [t.spotifyId] : [])),
          chunk.flatMap((t) => (t.isrc ? [t.isrc] : [])),
          // A known length also meets an earlier sighting without one ("Artist - Title" text lists) ...
          chunk.flatMap((t) => (lengthUnknown(t.metaKey) ? [t.metaKey] : [t.metaKey, `${metaBase(t.metaKey)}|?`])),
          // ... and an unknown length meets any length. Normalised keys hold no % or _, so LIKE needs no escaping.
          chunk.flatMap((t) => (lengthUnknown(t.metaKey) ? [`${metaBase(t.metaKey)}|%`] : [])),
        ],
      )) as { id: string; dedupe_key: string; spotify_id: string | null; isrc: string | null; meta_key: string }[];
      for (const r of rows) {
        byDedupe.set(r.dedupe_key, r.id);
        if (r.spotify_id && !bySpotify.has(r.spotify_id)) bySpotify.set(r.spotify_id, r.id);
        if (r.isrc && !byIsrc.has(r.isrc)) byIsrc.set(r.isrc, r.id);
        if (!byMeta.has(r.meta_key)) byMeta.set(r.meta_key, r.id);
        if (!byMetaBase.has(metaBase(r.meta_key))) byMetaBase.set(metaBase(r.meta_key), r.id);
      }
    }
    const find = (t: WantedTrackInput) =>
      byDedupe.get(t.dedupeKey) ??
      (t.spotifyId && bySpotify.get(t.spotifyId)) ??
      (t.isrc && byIsrc.get(t.isrc)) ??
      byMeta.get(t.metaKey) ??
      (lengthUnknown(t.metaKey) ? byMetaBase.get(metaBase(t.metaKey)) : byMeta.get(`${metaBase(t.metaKey)}|?`));

    const missing = new Map<string, WantedTrackInput>();
    // Later sightings may know more (a CSV without ISRC first, Spotify with ISRC later): fill the gaps of rows that existed.
    const gaps: { id: string; spotify_id: string | null; isrc: string | null }[] = [];
    for (const t of tracks) {
      const existing = find(t);
      if (existing && (t.spotifyId || t.isrc)) gaps.push({ id: existing, spotify_id: t.spotifyId ?? null, isrc: t.isrc ?? null });
      if (!existing && !missing.has(t.dedupeKey)) missing.set(t.dedupeKey, t);
    }
    let created = 0;
    const newRows = [...missing.values()];
    for (let i = 0; i < newRows.length; i += CHUNK) {
      const chunk = newRows.slice(i, i + CHUNK).map((t) => ({
        dedupe_key: t.dedupeKey,
        meta_key: t.metaKey,
        spotify_id: t.spotifyId ?? null,
        isrc: t.isrc ?? null,
        title: t.title,
        artists: t.artists,
        album: t.album ?? null,
        duration_ms: t.durationMs ?? null,
      }));
      const rows = (await m.query(
        `INSERT INTO wanted_tracks (dedupe_key, meta_key, spotify_id, isrc, title, artists, album, duration_ms)
         SELECT x.dedupe_key, x.meta_key, x.spotify_id, x.isrc, x.title, ARRAY(SELECT jsonb_array_elements_text(x.artists)), x.album, x.duration_ms
           FROM jsonb_to_recordset($1::jsonb) AS x(dedupe_key text, meta_key text, spotify_id text, isrc text, title text, artists jsonb, album text, duration_ms int)
         ON CONFLICT (dedupe_key) DO UPDATE SET updated_at = wanted_tracks.updated_at
         RETURNING id, dedupe_key, (xmax = 0) AS inserted`,
        [JSON.stringify(chunk)],
      )) as { id: string; dedupe_key: string; inserted: boolean }[];
      for (const r of rows) {
        byDedupe.set(r.dedupe_key, r.id);
        if (r.inserted) created += 1;
      }
    }
    if (gaps.length) {
      await m.query(
        `UPDATE wanted_tracks w SET spotify_id = COALESCE(w.spotify_id, x.spotify_id), isrc = COALESCE(w.isrc, x.isrc)
           FROM (SELECT DISTINCT ON (id) * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, spotify_id text, isrc text)) x
          WHERE w.id = x.id AND ((w.spotify_id IS NULL AND x.spotify_id IS NOT NULL) OR (w.isrc IS NULL AND x.isrc IS NOT NULL))`,
        [JSON.stringify(gaps)],
      );
    }
    return { byIndex: tracks.map((t) => find(t) as string), created };
  }
}
