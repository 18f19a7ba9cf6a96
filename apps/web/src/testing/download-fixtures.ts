import type { Download, DownloadQueueStatus, DownloadState } from '@soulspot/shared/contracts';

/** A download row for web specs; override what the test is about. */
export function download(over: Partial<Download> & { id: string }): Download {
  return {
    state: 'wanted',
    priority: 0,
    position: 1,
    wantedTrackId: null,
    searchId: null,
    artist: 'The Velvet Foxes',
    title: 'Runaway Tonight',
    album: 'Neon Boulevard',
    durationMs: 187_000,
    profile: 'lossless-preferred',
    username: null,
    filename: null,
    size: null,
    placeInQueue: null,
    bytesTransferred: 0,
    percent: 0,
    speed: 0,
    etaSeconds: null,
    attemptCount: 0,
    searchCount: 0,
    failureReason: null,
    message: null,
    nextAttemptAt: null,
    localPath: null,
    createdAt: '2026-01-01T10:00:00Z',
    updatedAt: '2026-01-01T10:00:00Z',
    startedAt: null,
    finishedAt: null,
    ...over,
  };
}

const ZERO: Record<DownloadState, number> = { wanted: 0, searching: 0, queued: 0, downloading: 0, verifying: 0, done: 0, failed: 0, paused: 0, cancelled: 0 };

export function queueStatus(over: Partial<DownloadQueueStatus> & { counts?: Partial<Record<DownloadState, number>> } = {}): DownloadQueueStatus {
  const { counts, ...rest } = over;
  return {
    paused: false,
    slskd: { circuit: 'closed', retryAt: null, lastError: null },
    today: { done: 0, failed: 0 },
    speed: 0,
    limits: { maxActive: 4, maxPerUser: 2 },
    ...rest,
    counts: { ...ZERO, ...counts },
  };
}
