/**
 * The one typed catalogue of background work. Producers call `jobQueue.enqueue({ name, data })`;
 * payloads carry ids only, and handlers re-read the row (idempotent).
 */
export enum QueueName {
  System = 'system',
  Spotify = 'spotify',
  Soulseek = 'soulseek',
  Import = 'import',
  /** The download engine: one tick at a time reconciles transfers and dispatches work; verifications beside it. */
  Downloads = 'downloads',
  /** Cross-feature hand-offs (a verified download becomes an import, ...). */
  Automation = 'automation',
}

export enum JobName {
  /** Example job wired end to end: the worker checks database, Redis and folders. */
  SystemSelfCheck = 'system-self-check',
  /** Periodic clean-up of expired sessions and old self-check runs. */
  SystemHousekeeping = 'system-housekeeping',
  /** Sync one list source (Spotify playlist, Liked Songs, ...) into wanted tracks. */
  SpotifySyncSource = 'spotify-sync-source',
  /** Run one Soulseek search through the search gate and rank its candidates. */
  SoulseekSearch = 'soulseek-search',
  /** Tag, enrich, rename and move one file into the library. */
  ImportFile = 'import-file',
  /** One engine pass: reconcile transfers with slskd, apply timers, dispatch queued work (singleton). */
  DownloadsTick = 'downloads-tick',
  /** Check a landed file (exists, right format and duration, decodes); quarantine it otherwise. */
  DownloadVerify = 'download-verify',
  /** Domain event "a download was verified": automation hands the file to the import pipeline. */
  DownloadVerified = 'download-verified',
}

export type JobItem =
  | { name: JobName.SystemSelfCheck; data: { runId: string } }
  | { name: JobName.SystemHousekeeping; data: Record<string, never> }
  | { name: JobName.SpotifySyncSource; data: { sourceId: string } }
  | { name: JobName.SoulseekSearch; data: { searchId: string } }
  | { name: JobName.ImportFile; data: { importId: string } }
  | { name: JobName.DownloadsTick; data: { reason?: string } }
  | { name: JobName.DownloadVerify; data: { downloadId: string; attemptId: string } }
  | { name: JobName.DownloadVerified; data: { downloadId: string } };

export type JobOf<N extends JobName> = Extract<JobItem, { name: N }>['data'];

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.SystemSelfCheck]: QueueName.System,
  [JobName.SystemHousekeeping]: QueueName.System,
  [JobName.SpotifySyncSource]: QueueName.Spotify,
  [JobName.SoulseekSearch]: QueueName.Soulseek,
  [JobName.ImportFile]: QueueName.Import,
  [JobName.DownloadsTick]: QueueName.Downloads,
  [JobName.DownloadVerify]: QueueName.Downloads,
  [JobName.DownloadVerified]: QueueName.Automation,
};

export interface QueueDefaults {
  attempts: number;
  backoffMs: number;
  concurrency: number;
  /** How many finished jobs BullMQ keeps for the Queues page. */
  keepCompleted: number;
  keepFailed: number;
}

export const QUEUE_DEFAULTS: Record<QueueName, QueueDefaults> = {
  [QueueName.System]: { attempts: 3, backoffMs: 2_000, concurrency: 2, keepCompleted: 200, keepFailed: 500 },
  // Spotify's budget is per app and small for development-mode apps: one sync at a time.
  [QueueName.Spotify]: { attempts: 5, backoffMs: 5_000, concurrency: 1, keepCompleted: 500, keepFailed: 1000 },
  // Searches are serialised by the search gate anyway; two workers keep one result being ranked while the next waits.
  [QueueName.Soulseek]: { attempts: 3, backoffMs: 10_000, concurrency: 2, keepCompleted: 1000, keepFailed: 1000 },
  [QueueName.Import]: { attempts: 5, backoffMs: 5_000, concurrency: 2, keepCompleted: 1000, keepFailed: 1000 },
  // Ticks take a PostgreSQL advisory lock, so a second worker slot only ever runs verifications beside a tick.
  [QueueName.Downloads]: { attempts: 5, backoffMs: 3_000, concurrency: 3, keepCompleted: 200, keepFailed: 1000 },
  [QueueName.Automation]: { attempts: 8, backoffMs: 5_000, concurrency: 2, keepCompleted: 1000, keepFailed: 1000 },
};

/** BullMQ rejects ':' in custom job ids, so ids are `${name}-${entityId}`. */
export function jobId(name: JobName, entityId: string): string {
  return `${name}-${entityId}`.replace(/:/g, '-');
}

/** The key an item is de-duplicated by; undefined means "always a new job". */
export function jobEntityId(item: JobItem): string | undefined {
  switch (item.name) {
    case JobName.SystemSelfCheck:
      return item.data.runId;
    case JobName.SystemHousekeeping:
      return undefined;
    case JobName.SpotifySyncSource:
      // Not de-duplicated by id: a finished sync must not block the next one (BullMQ keeps finished job ids).
      return undefined;
    case JobName.SoulseekSearch:
      return item.data.searchId;
    case JobName.ImportFile:
      return item.data.importId;
    case JobName.DownloadsTick:
      // Ticks are cheap and serialised by an advisory lock; the scheduler and "kick" ticks need no de-dup.
      return undefined;
    case JobName.DownloadVerify:
      return item.data.attemptId;
    case JobName.DownloadVerified:
      return item.data.downloadId;
  }
}
