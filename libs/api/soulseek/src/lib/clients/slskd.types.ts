/** Domain view of slskd objects: dates are Dates, flag strings are sets, absent means undefined. */

export type SlskdTransferStateFlag =
  | 'None'
  | 'Requested'
  | 'Queued'
  | 'Initializing'
  | 'InProgress'
  | 'Completed'
  | 'Succeeded'
  | 'Cancelled'
  | 'TimedOut'
  | 'Errored'
  | 'Rejected'
  | 'Aborted'
  | 'Locally'
  | 'Remotely';

export type SlskdSearchStateFlag =
  | 'None'
  | 'Requested'
  | 'InProgress'
  | 'Completed'
  | 'Cancelled'
  | 'TimedOut'
  | 'ResponseLimitReached'
  | 'FileLimitReached'
  | 'Errored'
  | 'Queued';

/** One step of the download lifecycle, derived from the flag set for callers that switch on it. */
export type SlskdTransferPhase =
  | 'queued_locally'
  | 'requested'
  | 'queued_remotely'
  | 'initializing'
  | 'in_progress'
  | 'succeeded'
  | 'cancelled'
  | 'timed_out'
  | 'errored'
  | 'rejected'
  | 'aborted'
  | 'unknown';

export interface SlskdTransfer {
  id: string;
  batchId?: string;
  username: string;
  /** Remote path exactly as the peer shares it. */
  filename: string;
  size: number;
  /** The raw comma-joined flag string, for logs. */
  rawState: string;
  state: ReadonlySet<SlskdTransferStateFlag>;
  phase: SlskdTransferPhase;
  /** The Completed flag is set: success or failure. Under 0.26 retries a failure may still come back. */
  isCompleted: boolean;
  isSucceeded: boolean;
  /** Cancelled, Rejected or Aborted: slskd will never retry these. */
  isHardFailure: boolean;
  requestedAt: Date;
  enqueuedAt?: Date;
  startedAt?: Date;
  endedAt?: Date;
  bytesTransferred: number;
  bytesRemaining: number;
  /** 0–100. */
  percentComplete: number;
  /** Bytes per second. */
  averageSpeed: number;
  elapsedMs?: number;
  remainingMs?: number;
  placeInQueue?: number;
  /** Free text from slskd; show or log it, never branch on it. */
  exception?: string;
  /** 0.25+: attempt counter used by the 0.26 automatic retries. */
  attempts?: number;
  removed: boolean;
}

export interface SlskdSearch {
  id: string;
  searchText: string;
  token: number;
  rawState: string;
  state: ReadonlySet<SlskdSearchStateFlag>;
  isComplete: boolean;
  /** Present only once responses are persisted and readable (contract §3.5). */
  endedAt?: Date;
  startedAt: Date;
  responseCount: number;
  fileCount: number;
  lockedFileCount: number;
}

/** A file in a search result. Shape-compatible with the matcher's `SlskdSearchFile`. */
export interface SlskdSearchResultFile {
  filename: string;
  size: number;
  /** Lower-case extension derived from the filename (peers often send `""`). */
  extension: string;
  length?: number;
  bitRate?: number;
  bitDepth?: number;
  sampleRate?: number;
  isVariableBitRate?: boolean;
}

/** One peer's answer to a search. Shape-compatible with the matcher's `SlskdSearchResponse`. */
export interface SlskdSearchResult {
  username: string;
  uploadSpeed: number;
  queueLength: number;
  hasFreeUploadSlot: boolean;
  files: SlskdSearchResultFile[];
  /** Files only buddies may download; slskd never sets `isLocked`, so this split is the only signal. */
  lockedFiles: SlskdSearchResultFile[];
}

export interface SlskdSearchParams {
  /** Client-chosen id, so the search can be polled even if the POST reply is lost. */
  id?: string;
  /** Idle timeout in MILLISECONDS, restarted by each response (slskd default 15000). */
  searchTimeoutMs?: number;
  responseLimit?: number;
  fileLimit?: number;
  filterResponses?: boolean;
  minimumResponseFileCount?: number;
  /** Bytes per second. */
  minimumPeerUploadSpeed?: number;
  /** Responses need queueLength strictly below this. */
  maximumPeerQueueLength?: number;
}

export interface SlskdEnqueueFile {
  /** Exact remote path from the search or browse result. */
  filename: string;
  /** Exact size in bytes; a wrong size ends the transfer `Completed, Aborted`. */
  size: number;
}

export interface SlskdEnqueueResult {
  enqueued: SlskdTransfer[];
  /** Files slskd did not enqueue (e.g. already in progress). Filenames are known on 0.24/0.25 and batches. */
  failed: { filename?: string; message?: string }[];
}

export interface SlskdConnectionInfo {
  version: string;
  loggedIn: boolean;
  /** Soulseek user name slskd logs in with, when reported. */
  username?: string;
  /** Raw server state flags, e.g. `Connected, LoggedIn`. */
  state: string;
}

export interface SlskdServerState {
  state: string;
  isConnected: boolean;
  isLoggedIn: boolean;
  isTransitioning: boolean;
}

export interface SlskdDirectoryFile extends SlskdSearchResultFile {
  /** Bare file name as browse returns it. */
  name: string;
}

export interface SlskdDirectory {
  /** Remote directory path, e.g. `@@abcde\Music\Artist\Album`. */
  name: string;
  /** Files with `filename` already joined to the directory, ready to enqueue. */
  files: SlskdDirectoryFile[];
}

export interface SlskdOptionsInfo {
  downloadsDir?: string;
  incompleteDir?: string;
  /** 0.26 `transfers.download.retry.attempts`; 0 or undefined when slskd does not retry. */
  retryAttempts?: number;
}

export interface SlskdDownloadCompleteEvent {
  transferId: string;
  localFilename: string;
  remoteFilename: string;
  timestamp: Date;
}
