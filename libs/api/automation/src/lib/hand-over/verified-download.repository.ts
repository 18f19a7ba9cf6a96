import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DownloadState } from '@soulspot/shared/contracts';

/** What the hand-over needs from a download row. */
export interface VerifiedDownloadRow {
  id: string;
  state: DownloadState;
  wantedTrackId: string | null;
  artist: string;
  title: string;
  album: string | null;
  durationMs: number | null;
  localPath: string | null;
}

/**
 * Read-only view of the download engine's `downloads` table (owned by the soulseek lib, which automation
 * only reads): the engine's verification says "done", the hand-over turns the file into an import.
 */
@Injectable()
export class VerifiedDownloadRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(id: string): Promise<VerifiedDownloadRow | null> {
    const rows = (await this.db.query(
      `SELECT id, state, wanted_track_id AS "wantedTrackId", artist, title, album, duration_ms AS "durationMs", local_path AS "localPath"
         FROM downloads WHERE id = $1`,
      [id],
    )) as VerifiedDownloadRow[];
    return rows[0] ?? null;
  }
}
