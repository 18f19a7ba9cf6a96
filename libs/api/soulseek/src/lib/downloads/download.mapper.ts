import type { Download, DownloadAttempt } from '@soulspot/shared/contracts';
import type { DownloadAttemptEntity } from '../entities/download-attempt.entity';
import type { DownloadEntity } from '../entities/download.entity';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDownload(e: DownloadEntity): Download {
  return {
    id: e.id,
    state: e.state,
    priority: e.priority,
    position: e.position,
    wantedTrackId: e.wantedTrackId,
    searchId: e.searchId,
    artist: e.artist,
    title: e.title,
    album: e.album,
    durationMs: e.durationMs,
    profile: e.profile,
    username: e.username,
    filename: e.filename,
    size: e.size,
    placeInQueue: e.placeInQueue,
    bytesTransferred: e.bytesTransferred,
    percent: Math.round(e.percent * 10) / 10,
    speed: e.speed,
    etaSeconds: e.etaSeconds,
    attemptCount: e.attemptCount,
    searchCount: e.searchCount,
    failureReason: e.failureReason,
    message: e.message,
    nextAttemptAt: iso(e.nextAttemptAt),
    localPath: e.localPath,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    startedAt: iso(e.startedAt),
    finishedAt: iso(e.finishedAt),
  };
}

export function toDownloadAttempt(e: DownloadAttemptEntity): DownloadAttempt {
  return {
    id: e.id,
    username: e.username,
    filename: e.filename,
    size: e.size,
    outcome: e.outcome,
    reason: e.reason,
    detail: e.detail,
    quarantinePath: e.quarantinePath,
    startedAt: e.startedAt.toISOString(),
    endedAt: iso(e.endedAt),
  };
}
