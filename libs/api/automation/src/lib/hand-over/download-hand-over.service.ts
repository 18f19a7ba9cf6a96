import { Injectable, Logger } from '@nestjs/common';
import type { ImportHints, ImportRecord } from '@soulspot/shared/contracts';
import { WantedTracksRepository } from '@soulspot/api/library';
import { ImportsService } from '@soulspot/api/metadata';
import { VerifiedDownloadRepository } from './verified-download.repository';

const ISRC = /^[A-Za-z]{2}-?[A-Za-z0-9]{3}-?[0-9]{2}-?[0-9]{5}$/;

export type HandOverOutcome =
  | { outcome: 'imported'; import: ImportRecord }
  | { outcome: 'skipped'; reason: 'download_gone' | 'not_done' }
  | { outcome: 'no_file'; reason: string };

/**
 * A verified download becomes an import: the file, what the wanted track says about it, and the links
 * back (download, wanted track) so the finished import puts the track in the library. Safe to run any
 * number of times: the import is unique per download, a repeat returns the first one.
 */
@Injectable()
export class DownloadHandOverService {
  private readonly logger = new Logger(DownloadHandOverService.name);

  constructor(
    private readonly downloads: VerifiedDownloadRepository,
    private readonly wanted: WantedTracksRepository,
    private readonly imports: ImportsService,
  ) {}

  async handOver(downloadId: string): Promise<HandOverOutcome> {
    const download = await this.downloads.find(downloadId);
    if (!download) return { outcome: 'skipped', reason: 'download_gone' };
    if (download.state !== 'done') return { outcome: 'skipped', reason: 'not_done' };
    if (!download.localPath) return { outcome: 'no_file', reason: `download ${downloadId} is done but has no local file` };
    const track = download.wantedTrackId ? await this.wanted.findWantedTrack(download.wantedTrackId) : null;
    const hints: ImportHints = {
      artist: download.artist,
      title: download.title,
      ...(download.album ?? track?.album ? { album: (download.album ?? track?.album) as string } : {}),
      ...(download.durationMs ?? track?.durationMs ? { durationMs: (download.durationMs ?? track?.durationMs) as number } : {}),
      ...(track?.isrc && ISRC.test(track.isrc) ? { isrc: track.isrc } : {}),
    };
    const record = await this.imports.create({ path: download.localPath, hints, downloadId, ...(track ? { wantedTrackId: track.id } : {}) });
    this.logger.log(`download ${downloadId} handed to import ${record.id} (${record.status})`);
    return { outcome: 'imported', import: record };
  }
}
