import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface ExportSourceRow {
  id: string;
  name: string;
  createdAt: Date;
}

export interface ExportEntryRow {
  title: string;
  artists: string[];
  durationMs: number | null;
  state: string;
  libraryPath: string | null;
}

/** Reads for the M3U8 export and the "a file arrived" update of wanted tracks. */
@Injectable()
export class PlaylistExportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Runs `work` holding a per-list transaction lock: two imports finishing at once for the same list
   * write its playlist one after the other, and the later one reads after both updates committed.
   */
  withListLock<T>(sourceId: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('m3u8-export'), hashtext($1))`, [sourceId]);
      return work(m);
    });
  }

  async source(m: EntityManager, id: string): Promise<ExportSourceRow | null> {
    const rows = (await m.query(`SELECT id, name, created_at AS "createdAt" FROM list_sources WHERE id = $1`, [id])) as ExportSourceRow[];
    return rows[0] ?? null;
  }

  /** Names of the lists added before this one (they keep the plain file name when two names clash). */
  async earlierNames(m: EntityManager, source: ExportSourceRow): Promise<string[]> {
    const rows = (await m.query(`SELECT name FROM list_sources WHERE (created_at, id) < ($1, $2)`, [source.createdAt, source.id])) as { name: string }[];
    return rows.map((r) => r.name);
  }

  /** The list's current entries (not removed from it) in list order. */
  async entries(m: EntityManager, sourceId: string): Promise<ExportEntryRow[]> {
    return (await m.query(
      `SELECT w.title, w.artists, w.duration_ms AS "durationMs", w.state, w.library_path AS "libraryPath"
         FROM source_entries e JOIN wanted_tracks w ON w.id = e.wanted_track_id
        WHERE e.source_id = $1 AND e.removed_at IS NULL
        ORDER BY e.position, e.id`,
      [sourceId],
    )) as ExportEntryRow[];
  }

  /** Puts a wanted track in the library. Returns false when it does not exist (any more). */
  async markInLibrary(wantedTrackId: string, libraryPath: string): Promise<boolean> {
    const res = (await this.db.query(`UPDATE wanted_tracks SET state = 'in_library', library_path = $2, updated_at = now() WHERE id = $1 RETURNING id`, [
      wantedTrackId,
      libraryPath,
    ])) as unknown;
    // TypeORM answers UPDATE ... RETURNING with [rows, rowCount].
    return Array.isArray(res) && Array.isArray(res[0]) ? res[0].length > 0 : false;
  }

  /** Lists that currently hold the track (entries not removed). */
  async sourcesListing(wantedTrackId: string): Promise<string[]> {
    const rows = (await this.db.query(`SELECT DISTINCT source_id AS id FROM source_entries WHERE wanted_track_id = $1 AND removed_at IS NULL`, [wantedTrackId])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async settingsSections(names: string[]): Promise<Map<string, Record<string, unknown>>> {
    const rows = (await this.db.query('SELECT section, value FROM settings WHERE section = ANY($1)', [names])) as { section: string; value: Record<string, unknown> }[];
    return new Map(rows.map((r) => [r.section, r.value]));
  }
}
