/** Request/response types and live events of the download engine (soulseek feature). */
import type { SoulseekProfileId } from './soulseek';

/**
 * Where one wanted file is: wanted → searching → queued (remotely, with place in queue) → downloading →
 * verifying → done, or failed with a classified reason. `paused` items keep their place and candidate;
 * `cancelled` ones are finished by the user.
 */
export type DownloadState = 'wanted' | 'searching' | 'queued' | 'downloading' | 'verifying' | 'done' | 'failed' | 'paused' | 'cancelled';
export const DOWNLOAD_STATES: DownloadState[] = ['wanted', 'searching', 'queued', 'downloading', 'verifying', 'done', 'failed', 'paused', 'cancelled'];
/** States the engine is working on (a transfer, search or verification may be in flight). */
export const ACTIVE_DOWNLOAD_STATES: DownloadState[] = ['searching', 'queued', 'downloading', 'verifying'];
/** States that will not change without a user action. */
export const FINISHED_DOWNLOAD_STATES: DownloadState[] = ['done', 'failed', 'cancelled'];

/** Why a candidate attempt or a whole download failed. */
export type DownloadFailureReason =
  /** The search found nothing acceptable (after re-searching). */
  | 'no_candidates'
  /** Every acceptable candidate was tried (or blocked) and none produced a good file. */
  | 'all_candidates_failed'
  | 'search_failed'
  | 'user_offline'
  /** The peer refused the file (not shared, banned, …). */
  | 'rejected'
  /** The peer never acknowledged the request. */
  | 'enqueue_timeout'
  /** Waited in the peer's queue without moving for too long. */
  | 'remote_queue_timeout'
  /** Bytes stopped flowing. */
  | 'stalled'
  /** The transfer ran past the hard ceiling. */
  | 'too_slow'
  | 'transfer_errored'
  | 'transfer_timed_out'
  /** The transfer vanished from slskd and could not be found again. */
  | 'transfer_lost'
  /** The file landed but was not what was wanted (format, duration, decode) and was quarantined. */
  | 'verification_failed'
  /** The landed file could not be found in the downloads folder (check the folder mapping). */
  | 'file_missing'
  | 'blocklisted'
  | 'slskd_error';

export interface Download {
  id: string;
  state: DownloadState;
  /** Higher runs first; ties go by `position`. */
  priority: number;
  /** Place in the queue among equal priorities (smaller first). */
  position: number;
  wantedTrackId: string | null;
  /** The search whose ranked candidates are being tried. */
  searchId: string | null;
  artist: string;
  title: string;
  album: string | null;
  durationMs: number | null;
  profile: SoulseekProfileId;
  /** The candidate being tried (or the last one tried). */
  username: string | null;
  filename: string | null;
  size: number | null;
  /** Place in the peer's upload queue while `queued`. */
  placeInQueue: number | null;
  bytesTransferred: number;
  /** 0–100. */
  percent: number;
  /** Bytes per second. */
  speed: number;
  etaSeconds: number | null;
  /** Candidate attempts made so far. */
  attemptCount: number;
  searchCount: number;
  failureReason: DownloadFailureReason | null;
  /** Human-readable detail of the failure, or of the transient problem being waited out. */
  message: string | null;
  /** Set while waiting out a back-off. */
  nextAttemptAt: string | null;
  /** Verified file in the downloads folder (before import moves it). */
  localPath: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export type DownloadAttemptOutcome = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** One candidate tried for a download: who, which file, and what came of it. */
export interface DownloadAttempt {
  id: string;
  username: string;
  filename: string;
  size: number;
  outcome: DownloadAttemptOutcome;
  reason: DownloadFailureReason | null;
  detail: string | null;
  /** Where a file that failed verification was put aside. */
  quarantinePath: string | null;
  startedAt: string;
  endedAt: string | null;
}

export interface DownloadDetail extends Download {
  attempts: DownloadAttempt[];
}

/**
 * Queue downloads. Exactly one of: `wantedTrackIds`, `sourceId` (every missing track of a list),
 * `track` (an ad-hoc track), `candidate` (a file chosen on the interactive search page).
 */
export interface CreateDownloadsRequest {
  wantedTrackIds?: string[];
  sourceId?: string;
  track?: { artist: string; title: string; album?: string; durationMs?: number };
  candidate?: { searchId: string; candidateId: string };
  /** Default 0; higher runs first. */
  priority?: number;
  profile?: SoulseekProfileId;
}

export interface CreateDownloadsResponse {
  /** Downloads created by this request. */
  created: number;
  /** Tracks that already had an unfinished or finished download (not duplicated). */
  existing: number;
  /** Wanted tracks skipped because they are excluded. */
  excluded: number;
  /** The first 100 affected downloads. */
  items: Download[];
}

export type DownloadAction = 'pause' | 'resume' | 'cancel' | 'retry' | 'remove' | 'prioritize';
export const DOWNLOAD_ACTIONS: DownloadAction[] = ['pause', 'resume', 'cancel', 'retry', 'remove', 'prioritize'];

export interface DownloadBatchRequest {
  ids: string[];
  action: DownloadAction;
  /** For `prioritize`. */
  priority?: number;
}

export interface DownloadBatchResponse {
  updated: number;
  /** Items the action did not apply to, with why (e.g. "cannot resume a done download"). */
  skipped: { id: string; reason: string }[];
}

/** Move an item: before another one, or to the top/bottom of its priority. */
export interface ReorderDownloadRequest {
  beforeId?: string;
  to?: 'top' | 'bottom';
}

export interface DownloadQueueStatus {
  /** The whole queue is paused by the user: nothing new starts, running transfers finish. */
  paused: boolean;
  slskd: {
    /** `open`: slskd failed repeatedly, calls are held back until `retryAt`. */
    circuit: 'closed' | 'open' | 'unconfigured';
    retryAt: string | null;
    lastError: string | null;
  };
  counts: Record<DownloadState, number>;
  today: { done: number; failed: number };
  /** Total bytes/s of running transfers. */
  speed: number;
  limits: { maxActive: number; maxPerUser: number };
}

export interface DownloadSettings {
  /** Transfers running (queued remotely or downloading) at once. */
  maxActive: number;
  /** Transfers from one peer at once. */
  maxPerUser: number;
  /** Searches in flight at once for the download queue. */
  maxSearching: number;
  /** Candidate attempts per download before it fails. */
  maxAttempts: number;
  /** The peer must acknowledge the request within this many seconds. */
  enqueueTimeoutSeconds: number;
  /** Waiting in a remote queue without moving up for this long moves on to the next candidate. */
  remoteQueueTimeoutMinutes: number;
  /** No bytes for this long while downloading: stalled. */
  stallTimeoutSeconds: number;
  /** Hard ceiling for one attempt from request to landed file. */
  maxAttemptMinutes: number;
  /** Base of the exponential back-off between attempts. */
  retryBaseSeconds: number;
  /** Block a peer automatically after this many failed attempts in a row (0: never). */
  autoBlockAfterFailures: number;
  /** Automatic blocks expire after this many days (0: never). */
  autoBlockDays: number;
  /** Fully decode files with ffmpeg when it is installed (else header + duration checks only). */
  verifyDecode: boolean;
}

export type UpdateDownloadSettingsRequest = Partial<DownloadSettings>;

export type BlocklistKind = 'user' | 'file' | 'user_file';
export const BLOCKLIST_KINDS: BlocklistKind[] = ['user', 'file', 'user_file'];

export interface BlocklistEntry {
  id: string;
  kind: BlocklistKind;
  /** Set for `user` and `user_file`. */
  username: string | null;
  /** Remote path (for `user_file`) or bare file name (for `file`, matched on any peer). */
  filename: string | null;
  reason: string | null;
  source: 'auto' | 'manual';
  expiresAt: string | null;
  createdAt: string;
}

export interface CreateBlocklistEntryRequest {
  kind: BlocklistKind;
  username?: string;
  filename?: string;
  reason?: string;
  /** Omit for a permanent entry. */
  expiresInDays?: number;
}

/** Members of the live event stream published by the download engine. */
export type DownloadServerEvent =
  | { type: 'download.updated'; payload: Download }
  | { type: 'download.removed'; payload: { id: string } }
  | { type: 'downloads.status'; payload: DownloadQueueStatus };
