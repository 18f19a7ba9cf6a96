import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AudioFileFactory } from './audio';
import type {
  FakeSlskdFile,
  FakeSlskdPeer,
  FakeSlskdTiming,
  FakeTransferFault,
  FakeTransferFaultMatch,
} from './types';
import {
  collisionRename,
  dotNetDate,
  dotNetTimeSpan,
  extensionOf,
  plannedLocalPath,
  remoteDirectory,
  versionAtLeast,
} from './wire-format';

/** Download side of the fake: per-file scripts that walk the real slskd state strings (contract §4, §11.5). */

interface TransferRecord {
  id: string;
  batchId?: string;
  username: string;
  filename: string;
  size: number;
  state: string;
  requestedAt: Date;
  enqueuedAt?: Date;
  startedAt?: Date;
  endedAt?: Date;
  bytesTransferred: number;
  averageSpeed: number;
  placeInQueue?: number;
  queuePosition: number;
  exception?: string;
  attempts: number;
  removed: boolean;
  destination?: string;
  fault?: FakeTransferFault;
  abort: AbortController;
  /** True while the transfer's script (including 0.26 retry back-offs) still runs. */
  alive: boolean;
  localFilename?: string;
}

export interface EventRecord {
  id: string;
  timestamp: string;
  type: string;
  data: string;
}

export interface EnqueueItem {
  filename: string;
  size: number;
}

export interface EnqueueOutcome {
  enqueued: Record<string, unknown>[];
  failed: { filename: string; message: string }[];
}

class Aborted extends Error {}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Aborted());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Aborted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export interface TransferEngineDeps {
  timing: FakeSlskdTiming;
  version: () => string;
  retryAttempts: number;
  downloadsDir: string;
  audio: AudioFileFactory;
  fileDurationOverride?: number;
  findPeer: (username: string) => FakeSlskdPeer | undefined;
  isOnline: (username: string) => boolean;
  log: (message: string) => void;
}

export class TransferEngine {
  private readonly transfers = new Map<string, TransferRecord>();
  private readonly faults: { match: FakeTransferFaultMatch; fault: FakeTransferFault; remaining: number }[] = [];
  readonly events: EventRecord[] = [];

  constructor(private readonly deps: TransferEngineDeps) {}

  setFault(match: FakeTransferFaultMatch, fault: FakeTransferFault): void {
    this.faults.push({ match, fault, remaining: match.times ?? Number.POSITIVE_INFINITY });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Enqueue shared by the legacy and batch routes; the caller has already checked online/login state. */
  enqueue(username: string, items: EnqueueItem[], batch?: { id: string; destination?: string }): EnqueueOutcome {
    const outcome: EnqueueOutcome = { enqueued: [], failed: [] };
    for (const item of items) {
      const active = [...this.transfers.values()].find(
        (t) => t.username === username && t.filename === item.filename && !t.removed && !t.state.includes('Completed'),
      );
      if (active) {
        outcome.failed.push({ filename: item.filename, message: 'Skipped: Already in progress' });
        continue;
      }
      // Re-requesting a finished file supersedes the old record (contract §4.2).
      for (const old of this.transfers.values()) {
        if (old.username === username && old.filename === item.filename && !old.removed) old.removed = true;
      }
      const record = this.create(username, item, batch);
      outcome.enqueued.push(this.toWire(record, true));
    }
    return outcome;
  }

  get(id: string): TransferRecord | undefined {
    return this.transfers.get(id.toLowerCase());
  }

  wire(id: string): Record<string, unknown> | undefined {
    const record = this.get(id);
    return record ? this.toWire(record, false) : undefined;
  }

  batchTransfers(batchId: string): Record<string, unknown>[] {
    return [...this.transfers.values()].filter((t) => t.batchId === batchId).map((t) => this.toWire(t, false));
  }

  /** `UserResponse[]`: user → directories → files, removed records hidden unless asked for. */
  list(includeRemoved: boolean, onlyUser?: string): Record<string, unknown>[] {
    const byUser = new Map<string, Map<string, TransferRecord[]>>();
    for (const t of this.transfers.values()) {
      if (t.removed && !includeRemoved) continue;
      if (onlyUser !== undefined && t.username.toLowerCase() !== onlyUser.toLowerCase()) continue;
      const dirs = byUser.get(t.username) ?? new Map<string, TransferRecord[]>();
      byUser.set(t.username, dirs);
      const dir = remoteDirectory(t.filename);
      dirs.set(dir, [...(dirs.get(dir) ?? []), t]);
    }
    return [...byUser.entries()].map(([username, dirs]) => ({
      username,
      directories: [...dirs.entries()].map(([directory, files]) => ({
        directory,
        fileCount: files.length,
        files: files.map((f) => this.toWire(f, false)),
      })),
    }));
  }

  /** Place in the remote queue as the peer reports it; also stored in `placeInQueue`. */
  position(id: string): number | undefined {
    const record = this.get(id);
    if (!record) return undefined;
    record.placeInQueue = record.state === 'Queued, Remotely' ? record.queuePosition : 0;
    return record.placeInQueue;
  }

  /** DELETE: asynchronous cancel; `remove` only hides records already Completed at this instant. */
  cancel(id: string, remove: boolean): 'ok' | 'not_found' | 'remove_active' {
    const record = this.get(id);
    const modernRemove = versionAtLeast(this.deps.version(), '0.24.2');
    if (!record) return modernRemove ? 'ok' : 'not_found';
    const completed = record.state.includes('Completed');
    if (remove && !completed && !modernRemove) return 'remove_active';
    if (remove && completed) record.removed = true;
    if (this.interruptible(record)) {
      const target = record;
      setTimeout(() => {
        if (!this.interruptible(target)) return;
        target.abort.abort();
        this.finish(target, 'Cancelled', 'The operation was canceled.');
      }, this.deps.timing.cancelDelayMs);
    }
    return 'ok';
  }

  removeCompleted(): void {
    for (const t of this.transfers.values()) if (t.state.includes('Completed')) t.removed = true;
  }

  /** Restart (contract §4.6): interrupted downloads error out, then come back under new ids. */
  restart(forgetHistory: boolean): { username: string; item: EnqueueItem }[] {
    const interrupted: { username: string; item: EnqueueItem }[] = [];
    for (const t of this.transfers.values()) {
      const wasRunning = this.interruptible(t);
      t.abort.abort();
      if (wasRunning) {
        this.finish(t, 'Errored', 'Application shut down');
        if (!t.removed) {
          interrupted.push({ username: t.username, item: { filename: t.filename, size: t.size } });
          t.removed = true;
        }
      }
    }
    if (forgetHistory) {
      this.transfers.clear();
      this.events.length = 0;
    }
    return interrupted;
  }

  /** Re-enqueue after the restart's re-login; new records, new ids, no batch. */
  reenqueue(items: { username: string; item: EnqueueItem }[]): void {
    for (const { username, item } of items) this.create(username, item);
  }

  shutdown(): void {
    for (const t of this.transfers.values()) t.abort.abort();
  }

  private create(username: string, item: EnqueueItem, batch?: { id: string; destination?: string }): TransferRecord {
    const record: TransferRecord = {
      id: randomUUID(),
      batchId: batch?.id,
      username,
      filename: item.filename,
      size: item.size,
      state: 'Queued, Locally',
      requestedAt: new Date(),
      bytesTransferred: 0,
      averageSpeed: 0,
      queuePosition: 0,
      attempts: 0,
      removed: false,
      destination: batch?.destination,
      fault: this.takeFault(username, item.filename),
      abort: new AbortController(),
      alive: false,
    };
    this.transfers.set(record.id, record);
    this.launch(record);
    return record;
  }

  private launch(record: TransferRecord): void {
    record.alive = true;
    this.run(record)
      .catch((error: unknown) => {
        if (error instanceof Aborted) return;
        this.deps.log(`transfer ${record.id} crashed: ${String(error)}`);
        this.finish(record, 'Errored', error instanceof Error ? error.message : String(error));
      })
      .finally(() => {
        record.alive = false;
      });
  }

  /** Alive and not yet succeeded: a cancel or a restart still affects it. */
  private interruptible(record: TransferRecord): boolean {
    return record.alive && record.state !== 'Completed, Succeeded';
  }

  private takeFault(username: string, filename: string): FakeTransferFault | undefined {
    for (const entry of this.faults) {
      if (entry.remaining <= 0) continue;
      const { match } = entry;
      if (match.username !== undefined && match.username.toLowerCase() !== username.toLowerCase()) continue;
      if (match.filename !== undefined) {
        const ok =
          typeof match.filename === 'string' ? filename.includes(match.filename) : match.filename.test(filename);
        if (!ok) continue;
      }
      entry.remaining--;
      return entry.fault;
    }
    return undefined;
  }

  private set(record: TransferRecord, state: string): void {
    record.state = state;
  }

  private finish(record: TransferRecord, outcome: string, exception?: string): void {
    record.state = `Completed, ${outcome}`;
    record.endedAt = new Date();
    // slskd sets startedAt to the completion time for transfers that never started.
    record.startedAt ??= record.endedAt;
    if (exception !== undefined) record.exception = exception;
  }

  private async run(record: TransferRecord): Promise<void> {
    const { timing } = this.deps;
    const signal = record.abort.signal;
    const peer = this.deps.findPeer(record.username);
    const file: FakeSlskdFile | undefined = peer?.files.find((f) => f.path === record.filename);
    const fault = record.fault;

    this.set(record, 'Queued, Locally');
    await sleep(timing.transferStepMs, signal);
    // attempts stays 0 until slskd actually tries the peer.
    record.attempts += 1;
    if (!peer || !this.deps.isOnline(record.username)) {
      return this.retryOrFinish(record, 'Errored', `User ${record.username} appears to be offline`);
    }
    this.set(record, 'Requested');
    await sleep(timing.transferStepMs, signal);

    if (fault?.kind === 'enqueueTimeout') {
      await sleep(timing.enqueueAckTimeoutMs, signal);
      return this.finish(record, 'TimedOut', 'Transfer request was not acknowledged within 3 minutes');
    }
    if (fault?.kind === 'reject') return this.finish(record, 'Rejected', `Transfer rejected: ${fault.message ?? 'File not shared.'}`);
    if (!file || file.locked) return this.finish(record, 'Rejected', 'Transfer rejected: File not shared.');

    // Queued remotely: briefly when the peer has a free slot, otherwise behind its queue.
    record.enqueuedAt ??= new Date();
    this.set(record, 'Queued, Remotely');
    const queued = fault?.kind === 'queue' ? fault : undefined;
    record.queuePosition = queued ? queued.position : peer.hasFreeUploadSlot ? 0 : peer.queueLength + 1;
    if (record.queuePosition === 0) await sleep(timing.transferStepMs, signal);
    while (record.queuePosition > 0) {
      await sleep(timing.remoteQueueStepMs, signal);
      if (!queued?.frozen) record.queuePosition -= 1;
    }

    this.set(record, 'Initializing');
    this.deps.audio.prefetch(extensionOf(record.filename), this.durationFor(file), file.sampleRate);
    await sleep(timing.transferStepMs, signal);
    if (record.size !== file.size) {
      return this.finish(
        record,
        'Aborted',
        `Transfer aborted: the remote size of ${file.size} does not match expected size ${record.size}`,
      );
    }

    this.set(record, 'InProgress');
    record.startedAt = new Date();
    record.endedAt = undefined;
    record.exception = undefined;
    const resumeFrom = record.bytesTransferred;
    const totalMs = Math.max(
      timing.progressIntervalMs,
      Math.min(timing.maxTransferMs, (record.size / Math.max(1, peer.uploadSpeed)) * 1000),
    );
    const started = Date.now();
    for (;;) {
      await sleep(timing.progressIntervalMs, signal);
      const elapsed = Date.now() - started;
      const fraction = Math.min(1, elapsed / totalMs);
      const bytes = Math.floor(resumeFrom + (record.size - resumeFrom) * fraction);
      const percent = record.size > 0 ? (bytes / record.size) * 100 : 100;
      const failAt = fault && 'atPercent' in fault ? fault.atPercent : undefined;
      if (failAt !== undefined && percent >= failAt && record.attempts === 1) {
        record.bytesTransferred = Math.floor((record.size * failAt) / 100);
        record.averageSpeed = record.bytesTransferred / Math.max(0.001, elapsed / 1000);
        if (fault?.kind === 'stall') {
          // Bytes stop; the transfer stays InProgress until someone cancels it.
          await new Promise<never>((_, reject) =>
            signal.addEventListener('abort', () => reject(new Aborted()), { once: true }),
          );
        }
        if (fault?.kind === 'timeout') return this.retryOrFinish(record, 'TimedOut', 'Inactivity timeout');
        if (fault?.kind === 'error') {
          return this.retryOrFinish(record, 'Errored', fault.message ?? 'Remote connection closed', !fault.final);
        }
      }
      record.bytesTransferred = bytes;
      record.averageSpeed = (bytes - resumeFrom) / Math.max(0.001, elapsed / 1000);
      if (fraction >= 1) break;
    }

    this.finish(record, 'Succeeded');
    // The record says Succeeded before the file is moved into place (contract §5 ordering race).
    await sleep(timing.fileMoveDelayMs, signal);
    await this.writeFile(record, file);
  }

  /** 0.26 retries TimedOut/Errored: shows the Completed state, backs off, then goes back to Queued, Locally. */
  private async retryOrFinish(
    record: TransferRecord,
    outcome: 'Errored' | 'TimedOut',
    message: string,
    retryable = true,
  ): Promise<void> {
    this.finish(record, outcome, message);
    const retries = versionAtLeast(this.deps.version(), '0.26.0');
    if (!retryable || !retries || record.attempts >= this.deps.retryAttempts) return;
    await sleep(this.deps.timing.retryBackoffMs, record.abort.signal);
    // endedAt/exception stay stale during the back-off, as in slskd.
    await this.run(record);
  }

  private durationFor(file: FakeSlskdFile): number {
    return this.deps.fileDurationOverride ?? file.actualDurationSeconds ?? file.length ?? 30;
  }

  private async writeFile(record: TransferRecord, file: FakeSlskdFile): Promise<void> {
    let target = plannedLocalPath(this.deps.downloadsDir, record.filename, record.destination);
    try {
      await fs.access(target);
      target = collisionRename(target);
    } catch {
      // free name
    }
    const duration = this.durationFor(file);
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${record.id}.part`);
    await this.deps.audio.writeTo(tmp, extensionOf(record.filename), duration, file.sampleRate);
    await fs.rename(tmp, target);
    record.localFilename = target;
    const data = {
      version: 0,
      localFilename: target,
      remoteFilename: record.filename,
      transfer: this.toWire(record, true, true),
    };
    this.events.unshift({
      id: randomUUID(),
      timestamp: dotNetDate(new Date()),
      type: 'DownloadFileComplete',
      data: JSON.stringify(data),
    });
  }

  /**
   * Transfer JSON. `fromPost` keeps the `Z` on requestedAt/enqueuedAt (never read back from the DB);
   * `withNulls` is for event payloads, which include null fields.
   */
  private toWire(t: TransferRecord, fromPost: boolean, withNulls = false): Record<string, unknown> {
    const version = this.deps.version();
    const modern = versionAtLeast(version, '0.25.0');
    const now = Date.now();
    const active = !t.state.includes('Completed');
    const elapsedMs = t.startedAt ? (t.endedAt ?? new Date(now)).getTime() - t.startedAt.getTime() : undefined;
    const remainingBytes = t.size - t.bytesTransferred;
    const nil = withNulls ? null : undefined;
    return {
      batchId: t.batchId ?? nil,
      id: t.id,
      username: t.username,
      direction: 'Download',
      filename: t.filename,
      size: t.size,
      startOffset: versionAtLeast(version, '0.26.0') ? undefined : 0,
      state: t.state,
      requestedAt: dotNetDate(t.requestedAt, fromPost),
      enqueuedAt: t.enqueuedAt ? dotNetDate(t.enqueuedAt, fromPost) : nil,
      startedAt: t.startedAt ? dotNetDate(t.startedAt) : nil,
      endedAt: t.endedAt ? dotNetDate(t.endedAt) : nil,
      bytesTransferred: t.bytesTransferred,
      averageSpeed: t.averageSpeed,
      placeInQueue: t.placeInQueue ?? nil,
      exception: t.exception ?? nil,
      attempts: modern ? t.attempts : undefined,
      removed: t.removed,
      bytesRemaining: remainingBytes,
      elapsedTime: elapsedMs !== undefined ? dotNetTimeSpan(elapsedMs) : nil,
      percentComplete: t.size > 0 ? (t.bytesTransferred / t.size) * 100 : 0,
      remainingTime:
        active && t.averageSpeed > 0 ? dotNetTimeSpan((remainingBytes / t.averageSpeed) * 1000) : nil,
    };
  }
}
