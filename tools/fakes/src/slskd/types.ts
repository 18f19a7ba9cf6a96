/**
 * Public types of the fake slskd. The wire shapes it emits follow /work/shared/contracts/slskd.md;
 * these types describe how a test seeds and steers it.
 */

/** Audio attributes a Soulseek peer may advertise in a search result (each is optional on the wire). */
export type FakeSlskdAttribute = 'bitRate' | 'length' | 'sampleRate' | 'bitDepth' | 'isVariableBitRate';

export interface FakeSlskdFile {
  /** Full remote path as the peer shares it, backslashes and share root included (`@@abcde\Music\A\B\01 - T.flac`). */
  path: string;
  /** Advertised size in bytes; enqueues must send exactly this or the transfer ends `Completed, Aborted`. */
  size: number;
  /** Advertised length in seconds (the `length` attribute). */
  length?: number;
  /**
   * Duration of the audio actually written on download. Defaults to `length`; set it shorter to model a
   * truncated upload whose header still claims the full length.
   */
  actualDurationSeconds?: number;
  bitRate?: number;
  sampleRate?: number;
  bitDepth?: number;
  isVariableBitRate?: boolean;
  /** Shared only to buddies: appears in `lockedFiles` and cannot be downloaded. */
  locked?: boolean;
}

export interface FakeSlskdPeer {
  username: string;
  /** Reported upload speed, bytes/s; also drives how fast transfers from this peer progress. */
  uploadSpeed: number;
  /** Reported upload queue length; with no free slot, new transfers wait at this place in the queue. */
  queueLength: number;
  hasFreeUploadSlot: boolean;
  /** Which attributes the peer's client reports (default: all the file has). */
  reportedAttributes?: FakeSlskdAttribute[];
  /** Whether the peer fills `extension` (many clients send ""). Default true. */
  reportsExtension?: boolean;
  /** Delay before this peer's search response arrives, ms (default: derived from the server's timing). */
  responseDelayMs?: number;
  /** Offline peers never answer searches; enqueues and browses fail as in slskd. Default true. */
  online?: boolean;
  /** Extra delay before browse / directory replies (a slow peer). */
  browseDelayMs?: number;
  files: FakeSlskdFile[];
}

export interface FakeSlskdCatalogue {
  peers: FakeSlskdPeer[];
}

/** Timings, all in ms. Defaults suit a human demo; tests pass small values. */
export interface FakeSlskdTiming {
  /** Spread of peer response arrival after a search starts, used when a peer has no `responseDelayMs`. */
  searchResponseDelayMs: [number, number];
  /** How long a POST /searches is "in flight" (the one-at-a-time gate answers 429 meanwhile). */
  searchPostLatencyMs: number;
  /** Delay between the `Completed, X` write and the final write (endedAt + responses), contract §3.5. */
  searchFinalizeDelayMs: number;
  /** Interval at which running search counts become visible (slskd: 250 ms). */
  searchCountIntervalMs: number;
  /** Time the enqueue handler takes (peer lookup + connect). */
  enqueueLatencyMs: number;
  /** Time spent in each short transfer state (Queued Locally, Requested, Initializing). */
  transferStepMs: number;
  /** Time a remotely queued transfer waits per place in the queue before it moves up. */
  remoteQueueStepMs: number;
  /** Progress write interval while InProgress (slskd: 250 ms). */
  progressIntervalMs: number;
  /** Upper bound on a transfer's InProgress phase, whatever the size and peer speed. */
  maxTransferMs: number;
  /** Delay between `Completed, Succeeded` and the file appearing in the downloads folder (contract §5). */
  fileMoveDelayMs: number;
  /** How long an unacknowledged enqueue waits before `Completed, TimedOut` (slskd: 3 min). */
  enqueueAckTimeoutMs: number;
  /** Delay before an asynchronous cancel lands as `Completed, Cancelled`. */
  cancelDelayMs: number;
  /** 0.26 retry back-off before an errored transfer goes back to `Queued, Locally`. */
  retryBackoffMs: number;
}

export interface FakeSlskdOptions {
  /** Port to listen on; 0 (default) picks an ephemeral port. Always binds 127.0.0.1. */
  port?: number;
  /** slskd `web.url_base`, e.g. `/slskd`; the API answers both with and without it. */
  urlBase?: string;
  apiKey?: string;
  /** JWT login credentials (default slskd/slskd). */
  username?: string;
  password?: string;
  /** Auth disabled: every request passes, as with `--no-auth`. */
  noAuth?: boolean;
  /** Reported slskd version; drives enqueue reply shape, batch API, remove semantics. Default `0.26.0`. */
  version?: string;
  /** Final downloads folder; a temp dir is created when omitted. */
  downloadsDir?: string;
  incompleteDir?: string;
  catalogue?: FakeSlskdCatalogue;
  timing?: Partial<FakeSlskdTiming>;
  /** Write every downloaded audio file with this duration (seconds) instead of the file's own length. */
  fileDurationOverride?: number;
  /** Where generated audio is cached by (format, duration). Default: a folder in the OS temp dir. */
  audioCacheDir?: string;
  /** Soulseek user name shown in application state. */
  soulseekUsername?: string;
  /** 0.26 automatic download retry attempts (`transfers.download.retry.attempts`). */
  retryAttempts?: number;
  /** Log requests to stderr. */
  verbose?: boolean;
}

/** How one transfer should misbehave. */
export type FakeTransferFault =
  | { kind: 'reject'; message?: string }
  /** The peer never acknowledges: stays `Requested` until the enqueue-ack timeout → `Completed, TimedOut`. */
  | { kind: 'enqueueTimeout' }
  /** Bytes stop flowing at this percentage; the transfer stays InProgress until cancelled. */
  | { kind: 'stall'; atPercent: number }
  /** Fails mid-transfer with `Completed, Errored` (with 0.26 retries unless `final`). */
  | { kind: 'error'; atPercent: number; message?: string; final?: boolean }
  /** Inactivity timeout mid-transfer → `Completed, TimedOut`. */
  | { kind: 'timeout'; atPercent: number }
  /** Hold in `Queued, Remotely` at this place, moving up one place every `remoteQueueStepMs` unless `frozen`. */
  | { kind: 'queue'; position: number; frozen?: boolean };

export interface FakeTransferFaultMatch {
  username?: string;
  /** Substring of, or pattern matched against, the remote filename. */
  filename?: string | RegExp;
  /** Apply to this many future transfers only (default: all). */
  times?: number;
}

export interface FakeHttpFault {
  /** Path (after url_base) prefix to match, e.g. `/api/v0/searches`; default all `/api` paths. */
  pathPrefix?: string;
  method?: string;
  status: number;
  /** JSON-string body; default the usual .NET exception text for 500s. */
  message?: string;
  /** Number of requests to fail (default 1). */
  times?: number;
}

export interface FakeSlskdControl {
  setUserOnline(username: string, online: boolean): void;
  /** Soulseek network login state; logged out → search 409, enqueue 500. */
  setLoggedIn(loggedIn: boolean): void;
  setTransferFault(match: FakeTransferFaultMatch, fault: FakeTransferFault): void;
  clearTransferFaults(): void;
  /** Fail the next matching HTTP requests with a status (5xx etc.). */
  failRequests(fault: FakeHttpFault): void;
  /** Delay every matching API response by `ms` (0 clears). */
  setResponseDelay(ms: number, pathPrefix?: string): void;
  /** Whether POST /searches and enqueues enforce their concurrency gates (429). Default true. */
  setConcurrencyGates(enabled: boolean): void;
  /**
   * Simulates an slskd restart: in-flight transfers become `Completed, Errored` ("Application shut down"),
   * running searches end `Completed, TimedOut` with nothing, JWTs are invalidated, and interrupted
   * downloads are re-enqueued under new ids (old records marked removed). `forgetHistory` drops every old
   * record instead (a wiped database). `downtimeMs` closes the port meanwhile.
   */
  restart(options?: { downtimeMs?: number; forgetHistory?: boolean }): Promise<void>;
  /** Closes the listening socket (connection refused) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Adds or replaces a peer in the catalogue at run time. */
  addPeer(peer: FakeSlskdPeer): void;
  /** Counts of requests per `METHOD path-template`, for asserting what a client actually did. */
  requestCounts(): Record<string, number>;
}

export interface FakeSlskd {
  url: string;
  apiKey: string;
  downloadsDir: string;
  incompleteDir: string;
  port: number;
  control: FakeSlskdControl;
  close(): Promise<void>;
}
