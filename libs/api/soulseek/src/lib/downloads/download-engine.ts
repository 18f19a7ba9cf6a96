import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DownloadAttemptOutcome, DownloadFailureReason, DownloadSettings, DownloadState } from '@soulspot/shared/contracts';
import { JobName, JobQueue } from '@soulspot/api/core';
import type { SlskdClient } from '../clients/slskd.client';
import { isSlskdError } from '../clients/slskd.errors';
import { isInterruptedByRestart, isTransferDefinitelyFailed } from '../clients/slskd.rules';
import type { SlskdDirectory, SlskdTransfer } from '../clients/slskd.types';
import type { DownloadAttemptEntity } from '../entities/download-attempt.entity';
import type { DownloadEntity } from '../entities/download.entity';
import { SlskdNotConfiguredException, SlskdSettingsService } from '../settings/slskd-settings.service';
import { QualityProfilesService } from '../profiles/quality-profiles.service';
import { SoulseekSearchService } from '../soulseek-search.service';
import { ALBUM_MODE_PREFIX, albumDetail, type AlbumCandidate, chooseAlbumFolder, groupAlbumRows, mapBrowsedFiles } from './album/album-mode';
import { BlocklistService, type BlocklistSnapshot } from './blocklist/blocklist.service';
import { CircuitBreaker } from './circuit-breaker';
import { DownloadEvents } from './download-events';
import { DownloadRepository } from './download.repository';
import { DownloadSettingsService } from './download-settings.service';
import { DownloadStatusService } from './download-status.service';
import { DownloadVerifier } from './verify/download-verifier';

/** pg advisory lock key of the singleton tick ("dl-tick"). */
const TICK_LOCK = 0x646c7469;
const MAX_BACKOFF_MS = 30 * 60_000;
/** A download is searched at most this often (the first search plus one re-search). */
const MAX_SEARCHES = 2;
/** slskd answers after which an enqueue certainly did not create a transfer (a timeout or a reset connection might have). */
const NOT_ENQUEUED: ReadonlySet<string> = new Set(['server_error', 'rate_limited', 'conflict', 'unauthorized', 'forbidden']);
/** Waiting rows read per page, and pages looked at per tick, when dispatching. */
const DISPATCH_PAGE = 100;
const DISPATCH_PAGES = 5;
const MAX_PICKS_PER_TICK = 150;
/** Finished slskd records removed per tick (each is one DELETE). */
const TIDY_PER_TICK = 20;
/** Clock skew tolerated between slskd's endedAt and our requestedAt. */
const ENDED_BEFORE_SLACK_MS = 2_000;
/** A verifying row older than this gets its verify job enqueued again (deduplicated by job id) in case the enqueue was lost. */
const VERIFY_REENQUEUE_MS = 30_000;
/** An album folder whose browse failed is not tried in album mode again for this long (its rows go per track). */
const ALBUM_SKIP_MS = 5 * 60_000;
/** A group of rows no folder covers is looked at again after this long (blocks may have been lifted meanwhile). */
const ALBUM_NO_FOLDER_MS = 60_000;
/** slskd errors of a browse that say nothing about the peer (slskd itself is unwell): the tick stops as for any call. */
const BROWSE_OUTAGE: ReadonlySet<string> = new Set(['unreachable', 'unauthorized', 'forbidden', 'rate_limited']);

export interface EngineOptions {
  /** How long a transfer may be missing from slskd before it counts as lost (enqueue in flight, slskd restart). */
  lostGraceMs: number;
  /** Transfers of the same user+file requested this long before our request still count as ours (clock skew). */
  matchSlackMs: number;
  /** How long the verifier may wait for a Succeeded file to appear before it reports it missing. */
  verifyWaitMs: number;
  /** How long slskd's retry attempt count is cached. */
  optionsCacheMs: number;
  /** How often the place in a peer's queue is asked for. */
  queuePositionEveryMs: number;
}

export type TickOutcome = 'done' | 'locked' | 'unconfigured' | 'circuit_open' | 'slskd_unavailable';

export interface TickReport {
  outcome: TickOutcome;
  durationMs: number;
  tracked: number;
  started: number;
  searches: number;
}

type CandidatePick =
  | { kind: 'candidate'; username: string; filename: string; size: number }
  /** Acceptable candidates exist but every one is from a peer at its limit. */
  | { kind: 'busy' }
  | { kind: 'none' };

interface TickContext {
  client: SlskdClient;
  settings: DownloadSettings;
  blocklist: BlocklistSnapshot;
  retryAttempts: number;
  now: number;
  report: TickReport;
  /** Candidate look-ups left in this tick (each reads candidates and history), so a busy backlog stays cheap. */
  picksLeft: number;
}

/**
 * The download engine. One tick at a time (pg advisory lock) reconciles every transfer with slskd,
 * applies the timers and dispatches waiting work up to the limits. Every decision is written to
 * PostgreSQL before the slskd call that acts on it, so a killed worker or a restarted slskd is
 * reconciled by transfer id, else by user+filename, and never causes a second enqueue.
 */
@Injectable()
export class DownloadEngine {
  private readonly logger = new Logger(DownloadEngine.name);
  /** Mutable so tests can use short waits. */
  options: EngineOptions = { lostGraceMs: 60_000, matchSlackMs: 60_000, verifyWaitMs: 60_000, optionsCacheMs: 5 * 60_000, queuePositionEveryMs: 60_000 };
  private retryAttemptsCache?: { value: number; at: number };
  /** When a tracked row's transfer was first missing from slskd (in memory: a restarted worker simply waits longer). */
  private readonly missingSince = new Map<string, number>();
  private readonly positionAskedAt = new Map<string, number>();
  /** The state each row had when the engine read it: every engine write is a compare-and-set against it. */
  private readonly readAs = new WeakMap<DownloadEntity, DownloadState>();
  /** Album folders (user + folder) whose browse failed, until when album mode leaves them alone (in memory). */
  private readonly albumSkip = new Map<string, number>();
  /** Album groups (rows + their searches) no folder covered, until when they are not looked at again (in memory). */
  private readonly albumNoFolder = new Map<string, number>();

  constructor(
    private readonly repo: DownloadRepository,
    private readonly settings: DownloadSettingsService,
    private readonly slskd: SlskdSettingsService,
    private readonly searches: SoulseekSearchService,
    private readonly breaker: CircuitBreaker,
    private readonly blocklist: BlocklistService,
    private readonly verifier: DownloadVerifier,
    private readonly statusService: DownloadStatusService,
    private readonly events: DownloadEvents,
    private readonly jobs: JobQueue,
    private readonly profiles: QualityProfilesService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** One engine pass; returns `locked` at once when another tick is running. */
  async tick(): Promise<TickReport> {
    const t0 = Date.now();
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [TICK_LOCK])) as { locked: boolean }[];
      if (!locked) return { outcome: 'locked', durationMs: Date.now() - t0, tracked: 0, started: 0, searches: 0 };
      try {
        const report = await this.runTick(t0);
        report.durationMs = Date.now() - t0;
        return report;
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [TICK_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private async runTick(t0: number): Promise<TickReport> {
    const report: TickReport = { outcome: 'done', durationMs: 0, tracked: 0, started: 0, searches: 0 };
    let client: SlskdClient;
    try {
      client = await this.slskd.getClient();
    } catch (e) {
      if (!(e instanceof SlskdNotConfiguredException)) throw e;
      await this.publishStatus();
      return { ...report, outcome: 'unconfigured' };
    }
    if (!(await this.breaker.allow())) {
      await this.publishStatus();
      return { ...report, outcome: 'circuit_open' };
    }
    let transfers: SlskdTransfer[];
    try {
      transfers = await client.getDownloads({ includeRemoved: false });
    } catch (e) {
      await this.onSlskdFailure(e);
      await this.publishStatus();
      return { ...report, outcome: 'slskd_unavailable' };
    }
    try {
      const ctx: TickContext = {
        client,
        settings: await this.settings.get(),
        blocklist: await this.blocklist.snapshot(),
        retryAttempts: await this.slskdRetryAttempts(client),
        now: t0,
        report,
        picksLeft: MAX_PICKS_PER_TICK,
      };
      await this.reconcile(ctx, transfers);
      await this.ensureVerifyJobs();
      await this.advanceSearches(ctx);
      if (!(await this.settings.queuePaused())) await this.dispatch(ctx);
      // Only a tick whose every slskd call worked closes the circuit (slskd may list transfers but refuse enqueues).
      await this.breaker.success();
    } catch (e) {
      // A call failed half-way: everything decided so far is saved; the next tick carries on.
      if (!this.isSlskdOutage(e)) throw e;
      await this.onSlskdFailure(e);
      report.outcome = 'slskd_unavailable';
    }
    await this.publishStatus();
    return report;
  }

  // ------------------------------------------------------------------ reconcile

  private async reconcile(ctx: TickContext, transfers: SlskdTransfer[]): Promise<void> {
    const byId = new Map(transfers.map((t) => [t.id, t]));
    const byFile = new Map<string, SlskdTransfer[]>();
    for (const t of transfers) {
      const key = `${t.username}\n${t.filename}`;
      byFile.set(key, [...(byFile.get(key) ?? []), t]);
    }
    for (const list of byFile.values()) list.sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime());

    const rows = this.seen(await this.repo.tracked());
    ctx.report.tracked = rows.length;
    for (const row of rows) {
      let t = this.findTransfer(row, byId, byFile);
      if (!t && row.transferId && row.username) t = await this.lookupById(ctx.client, row.username, row.transferId);
      if (row.state === 'queued' || row.state === 'downloading') await this.follow(ctx, row, t);
      else await this.release(ctx, row, t);
    }
    await this.tidySlskd(ctx.client, transfers, new Set(rows.map((r) => r.transferId).filter((id): id is string => !!id)));
  }

  /**
   * slskd keeps finished records until someone removes them and lists them all on every tick: remove the
   * ones our engine has finished with (attempts that failed or were cancelled), a few per tick.
   */
  private async tidySlskd(client: SlskdClient, transfers: SlskdTransfer[], inUse: Set<string>): Promise<void> {
    const finished = transfers.filter((t) => t.isCompleted && !t.isSucceeded && !t.removed && !inUse.has(t.id));
    if (!finished.length) return;
    const ours = await this.repo.endedAttemptTransfers(finished.map((t) => t.id));
    for (const t of finished.filter((x) => ours.has(x.id)).slice(0, TIDY_PER_TICK)) await this.removeRecord(client, t);
  }

  /** By id; else (slskd restarted: new ids; or we crashed before saving the id) the newest transfer of the same user+file. */
  private findTransfer(row: DownloadEntity, byId: Map<string, SlskdTransfer>, byFile: Map<string, SlskdTransfer[]>): SlskdTransfer | undefined {
    const own = row.transferId ? byId.get(row.transferId) : undefined;
    if (own && !own.removed && !isInterruptedByRestart(own)) return own;
    const requested = row.requestedAt?.getTime() ?? 0;
    const since = requested - this.options.matchSlackMs;
    // A transfer that had already ended before this attempt was requested (an earlier, cancelled try of the same file) is not ours.
    const sameFile = (byFile.get(`${row.username}\n${row.filename}`) ?? []).filter(
      (t) => t.requestedAt.getTime() >= since && !(t.isCompleted && t.endedAt && t.endedAt.getTime() < requested - ENDED_BEFORE_SLACK_MS && !isInterruptedByRestart(t)),
    );
    return sameFile[0] ?? own;
  }

  private async lookupById(client: SlskdClient, username: string, id: string): Promise<SlskdTransfer | undefined> {
    try {
      const t = await client.getDownload(username, id);
      // A removed, interrupted record is the one slskd replaced after a restart: not ours any more.
      return t.removed && isInterruptedByRestart(t) ? undefined : t;
    } catch (e) {
      if (isSlskdError(e, 'not_found') || isSlskdError(e, 'bad_request')) return undefined;
      throw e;
    }
  }

  /** A paused or cancelled row (or one the engine gave up on) that still owns a transfer: cancel it on slskd. */
  private async release(ctx: TickContext, row: DownloadEntity, t: SlskdTransfer | undefined): Promise<void> {
    if (t && !t.isCompleted) await ctx.client.cancelDownload(t.username, t.id);
    else if (t) await this.removeRecord(ctx.client, t);
    row.transferId = null;
    row.transferState = null;
    row.requestedAt = null;
    row.speed = 0;
    row.etaSeconds = null;
    row.placeInQueue = null;
    if (!(await this.endAttempt(row, 'cancelled', null, row.state === 'paused' ? 'paused by the user' : 'stopped'))) return;
    this.logger.log(`download ${row.id}: released transfer of ${row.username} (${row.state})`);
    await this.events.updated(row);
  }

  private async follow(ctx: TickContext, row: DownloadEntity, t: SlskdTransfer | undefined): Promise<void> {
    const now = Date.now();
    if (!t) {
      // The enqueue may still be in flight, or slskd is restarting: give it a grace period from when it went missing.
      const missingSince = this.missingSince.get(row.id) ?? now;
      this.missingSince.set(row.id, missingSince);
      if (now - missingSince < this.options.lostGraceMs) return;
      this.missingSince.delete(row.id);
      return this.transferLost(ctx, row);
    }
    this.missingSince.delete(row.id);
    if (t.phase === 'queued_remotely') await this.refreshQueuePosition(ctx.client, row, t, now);
    const previousState = row.transferState;
    const learnedId = row.transferId !== t.id;
    const progressed = t.bytesTransferred > row.bytesTransferred || (t.placeInQueue !== undefined && row.placeInQueue !== null && t.placeInQueue < row.placeInQueue) || t.rawState !== previousState;
    row.transferId = t.id;
    row.transferState = t.rawState;
    if (learnedId && row.currentAttemptId) await this.repo.setAttemptTransfer(row.currentAttemptId, t.id);

    if (t.isSucceeded) {
      Object.assign(row, { state: 'verifying', bytesTransferred: t.size, percent: 100, speed: 0, etaSeconds: null, placeInQueue: null, progressAt: new Date(now), message: null });
      if (!(await this.persist(row))) return;
      await this.jobs.enqueue({ name: JobName.DownloadVerify, data: { downloadId: row.id, attemptId: row.currentAttemptId ?? '' } });
      this.logger.log(`download ${row.id}: ${t.username} finished ${t.filename}; verifying`);
      return this.events.updated(row);
    }

    if (t.isCompleted) {
      const unchangedForMs = now - (t.endedAt?.getTime() ?? now);
      if (isInterruptedByRestart(t)) {
        // slskd re-enqueues interrupted downloads under new ids after it logs in again.
        if (unchangedForMs < this.options.lostGraceMs) return this.saveIfChanged(row, progressed, 'slskd restarted; waiting for it to queue the file again');
        return this.transferLost(ctx, row);
      }
      if (!isTransferDefinitelyFailed(t, { retryAttempts: ctx.retryAttempts, unchangedForMs })) {
        // 0.26 retries errored/timed-out transfers by itself: not a failure yet.
        return this.saveIfChanged(row, progressed, `slskd is retrying (${t.exception ?? t.rawState})`);
      }
      await this.removeRecord(ctx.client, t);
      return this.failAttempt(ctx, row, this.reasonOf(t), t.exception ?? t.rawState);
    }

    const inProgress = t.phase === 'initializing' || t.phase === 'in_progress';
    const nextState = inProgress ? 'downloading' : 'queued';
    const stateChanged = row.state !== nextState;
    if (progressed || stateChanged) row.progressAt = new Date(now);
    if (inProgress) row.startedAt ??= new Date(now);
    row.state = nextState;
    row.bytesTransferred = t.bytesTransferred;
    row.percent = t.percentComplete;
    row.speed = inProgress ? t.averageSpeed : 0;
    row.etaSeconds = inProgress ? (t.remainingMs !== undefined ? Math.round(t.remainingMs / 1000) : t.averageSpeed > 0 ? Math.round(t.bytesRemaining / t.averageSpeed) : null) : null;
    row.placeInQueue = t.phase === 'queued_remotely' ? (t.placeInQueue ?? row.placeInQueue) : null;
    row.message = null;

    const expired = this.expiredTimer(ctx.settings, row, t, now);
    if (expired) {
      await ctx.client.cancelDownload(t.username, t.id);
      this.logger.log(`download ${row.id}: ${expired.reason} on ${t.username} (${t.rawState}); cancelled`);
      return this.failAttempt(ctx, row, expired.reason, expired.detail);
    }
    if (!(await this.persist(row))) return;
    await this.events.updated(row, !stateChanged && !learnedId && t.rawState === previousState);
  }

  /** slskd only fills `placeInQueue` when asked; ask now and then (peers are slow to answer, errors are ignored). */
  private async refreshQueuePosition(client: SlskdClient, row: DownloadEntity, t: SlskdTransfer, now: number): Promise<void> {
    const last = this.positionAskedAt.get(row.id) ?? 0;
    if (now - last < this.options.queuePositionEveryMs) return;
    this.positionAskedAt.set(row.id, now);
    try {
      t.placeInQueue = await client.getQueuePosition(t.username, t.id);
    } catch (e) {
      this.logger.debug(`queue position of ${t.id} unknown: ${(e as Error).message}`);
    }
  }

  private async saveIfChanged(row: DownloadEntity, changed: boolean, message: string): Promise<void> {
    if (!changed && row.message === message) return;
    row.message = message;
    row.speed = 0;
    if (!(await this.persist(row))) return;
    await this.events.updated(row);
  }

  private expiredTimer(s: DownloadSettings, row: DownloadEntity, t: SlskdTransfer, now: number): { reason: DownloadFailureReason; detail: string } | null {
    const idle = now - (row.progressAt?.getTime() ?? now);
    const total = now - (row.requestedAt?.getTime() ?? now);
    if (total > s.maxAttemptMinutes * 60_000) return { reason: 'too_slow', detail: `still not finished after ${s.maxAttemptMinutes} min` };
    switch (t.phase) {
      case 'queued_locally':
      case 'requested':
        return idle > s.enqueueTimeoutSeconds * 1000 ? { reason: 'enqueue_timeout', detail: `${t.username} did not acknowledge the request within ${s.enqueueTimeoutSeconds} s` } : null;
      case 'queued_remotely':
        return idle > s.remoteQueueTimeoutMinutes * 60_000
          ? { reason: 'remote_queue_timeout', detail: `waited in ${t.username}'s queue${row.placeInQueue !== null ? ` at place ${row.placeInQueue}` : ''} without moving for ${s.remoteQueueTimeoutMinutes} min` }
          : null;
      case 'initializing':
      case 'in_progress':
        return idle > s.stallTimeoutSeconds * 1000 ? { reason: 'stalled', detail: `no bytes for ${s.stallTimeoutSeconds} s at ${Math.round(t.percentComplete)} %` } : null;
      default:
        return null;
    }
  }

  private reasonOf(t: SlskdTransfer): DownloadFailureReason {
    switch (t.phase) {
      case 'rejected':
        return 'rejected';
      case 'timed_out':
        return t.bytesTransferred > 0 || t.state.has('InProgress') ? 'transfer_timed_out' : 'enqueue_timeout';
      case 'errored':
        return /offline/i.test(t.exception ?? '') ? 'user_offline' : 'transfer_errored';
      default:
        return 'transfer_errored';
    }
  }

  /**
   * slskd has no record of the attempt after the grace period (the worker died before the enqueue reached
   * slskd, or slskd lost its database): the same candidate is tried once more, then it counts as failed.
   */
  private async transferLost(ctx: TickContext, row: DownloadEntity): Promise<void> {
    const cand = { username: row.username ?? '', filename: row.filename ?? '', size: row.size ?? 0 };
    const history = await this.repo.attemptHistory(row);
    const lostBefore = history.filter((a) => a.downloadId === row.id && a.reason === 'transfer_lost' && a.username === cand.username && a.filename === cand.filename).length;
    this.logger.warn(`download ${row.id}: slskd has no record of ${cand.username} ${cand.filename}${lostBefore === 0 ? '; enqueueing it again' : ''}`);
    await this.failAttempt(ctx, row, 'transfer_lost', 'slskd has no record of the transfer', { retrySame: lostBefore === 0 });
    if (lostBefore === 0 && row.state === 'wanted') await this.startAndEnqueue(ctx, row, cand);
  }

  // ------------------------------------------------------------------ failure, back-off, blocking

  private backoffMs(s: DownloadSettings, attempts: number): number {
    return Math.min(MAX_BACKOFF_MS, s.retryBaseSeconds * 1000 * 2 ** Math.max(0, attempts - 1));
  }

  /**
   * Ends the current attempt as failed. The row goes back to `wanted`: at once when another candidate is
   * ready, else after an exponential back-off; pinned downloads and rows out of attempts fail for good.
   */
  private async failAttempt(ctx: { settings: DownloadSettings } & Partial<TickContext>, row: DownloadEntity, reason: DownloadFailureReason, detail: string, opts: { retrySame?: boolean; quarantinePath?: string | null } = {}): Promise<void> {
    const s = ctx.settings;
    const username = row.username;
    const now = new Date();
    Object.assign(row, { transferState: null, requestedAt: null, speed: 0, etaSeconds: null, placeInQueue: null, failureReason: reason, message: detail });
    let final: DownloadFailureReason | null = null;
    if (row.pinnedCandidateId && !opts.retrySame) final = reason;
    else if (row.attemptCount >= s.maxAttempts && !opts.retrySame) final = 'all_candidates_failed';
    if (final) {
      row.state = 'failed';
      row.failureReason = final;
      row.message = final === reason ? detail : `${row.attemptCount} attempts failed; the last one: ${reason} (${detail})`;
      row.finishedAt = now;
      row.nextAttemptAt = null;
    } else {
      row.state = 'wanted';
      row.nextAttemptAt = null;
    }
    const transferId = row.transferId;
    row.transferId = null;
    if (!(await this.endAttempt(row, 'failed', reason, detail, { transferId, quarantinePath: opts.quarantinePath ?? null }))) return;
    if (!final && !opts.retrySame) {
      const next = row.searchId ? await this.pickCandidate(row, s, ctx.blocklist ?? (await this.blocklist.snapshot()), undefined) : { kind: 'none' as const };
      if (next.kind === 'none') {
        row.nextAttemptAt = new Date(now.getTime() + this.backoffMs(s, row.attemptCount));
        await this.persist(row);
      }
    }
    if (username) await this.maybeAutoBlock(s, username);
    this.logger.log(`download ${row.id}: attempt ${row.attemptCount} failed (${reason}: ${detail})${final ? `; download failed (${final})` : ''}`);
    await this.events.updated(row);
  }

  private async maybeAutoBlock(s: DownloadSettings, username: string): Promise<void> {
    const n = s.autoBlockAfterFailures;
    if (n <= 0) return;
    const recent = await this.repo.recentAttemptsOfUser(username, n);
    if (recent.length < n || recent.some((a) => a.outcome !== 'failed' || a.reason === 'transfer_lost' || a.reason === 'slskd_error')) return;
    this.logger.warn(`blocking ${username} after ${n} failed attempts in a row`);
    await this.blocklist.autoBlockUser(username, `${n} failed downloads in a row (last: ${recent[0].reason})`);
  }

  // ------------------------------------------------------------------ searches and dispatch

  /** Rows whose search finished go back to `wanted` so dispatch tries their candidates. */
  private async advanceSearches(ctx: TickContext): Promise<void> {
    for (const row of this.seen(await this.repo.inState('searching'))) {
      const search = row.searchId ? await this.repo.findSearch(row.searchId) : null;
      if (search && search.status !== 'done' && search.status !== 'failed') continue;
      if (search?.status === 'done') {
        row.state = 'wanted';
        row.message = null;
      } else if (row.searchCount < MAX_SEARCHES) {
        Object.assign(row, { state: 'wanted', searchId: null, message: `search failed (${search?.error ?? 'search gone'}); searching again later`, nextAttemptAt: new Date(Date.now() + this.backoffMs(ctx.settings, row.searchCount)) });
      } else {
        Object.assign(row, { state: 'failed', failureReason: 'search_failed', message: search?.error ?? 'the search is gone', finishedAt: new Date() });
      }
      if (!(await this.persist(row))) continue;
      await this.events.updated(row);
    }
  }

  private async dispatch(ctx: TickContext): Promise<void> {
    const s = ctx.settings;
    const active = await this.repo.activeTransfers();
    let searching = await this.repo.countInState('searching');
    for (let page = 0, after: DownloadEntity | undefined; page < DISPATCH_PAGES; page++) {
      // Rows at the head may all wait for a busy peer: look further down, a page at a time, while slots are free.
      if (active.total >= s.maxActive && searching >= s.maxSearching) return;
      const rows = this.seen(await this.repo.dispatchable(DISPATCH_PAGE, after ? { priority: after.priority, position: after.position } : undefined, searching >= s.maxSearching));
      if (!rows.length) return;
      after = rows[rows.length - 1];
      searching = await this.dispatchPage(ctx, rows, active, searching);
    }
  }

  /** Dispatches one page of waiting rows; returns the number of searches in flight afterwards. */
  private async dispatchPage(ctx: TickContext, rows: DownloadEntity[], active: { total: number; perUser: Map<string, number> }, searchingBefore: number): Promise<number> {
    const s = ctx.settings;
    let searching = searchingBefore;
    // Album mode: a group is tried where its first row comes in the queue order, so priorities still hold.
    const albumOf = new Map<string, DownloadEntity[]>();
    for (const g of groupAlbumRows(rows)) for (const r of g) albumOf.set(r.id, g);
    const albumTried = new Set<DownloadEntity[]>();
    const albumStarted = new Set<string>();
    for (const row of rows) {
      const group = albumOf.get(row.id);
      if (group && !albumTried.has(group)) {
        albumTried.add(group);
        if (active.total < s.maxActive && ctx.picksLeft > 0) await this.dispatchAlbum(ctx, group, active, albumStarted);
      }
      if (albumStarted.has(row.id)) continue;
      const transferSlot = active.total < s.maxActive;
      if (!transferSlot && searching >= s.maxSearching) break;
      if (row.pinnedCandidateId) {
        if (!transferSlot) continue;
        const c = await this.repo.findCandidate(row.pinnedCandidateId);
        if (!c) {
          await this.failRow(row, 'no_candidates', 'the chosen file is no longer in the search results');
          continue;
        }
        const blocked = ctx.blocklist.blocks(c.username, c.filename);
        if (blocked) {
          await this.failRow(row, 'blocklisted', blocked);
          continue;
        }
        if ((active.perUser.get(c.username) ?? 0) >= s.maxPerUser) continue;
        if (await this.startAndEnqueue(ctx, row, c)) this.count(active, c.username);
        continue;
      }
      if (!row.searchId) {
        if (searching >= s.maxSearching) continue;
        if (row.searchCount >= MAX_SEARCHES) {
          await this.failRow(row, row.attemptCount ? 'all_candidates_failed' : 'no_candidates', row.attemptCount ? `${row.attemptCount} attempts failed` : 'no acceptable file found');
          continue;
        }
        const search = await this.searches.create({ artist: row.artist, title: row.title, album: row.album ?? undefined, durationMs: row.durationMs ?? undefined, profile: row.profile });
        Object.assign(row, { searchId: search.id, state: 'searching', searchCount: row.searchCount + 1, message: null, nextAttemptAt: null });
        if (!(await this.persist(row))) continue;
        await this.events.updated(row);
        searching++;
        ctx.report.searches++;
        continue;
      }
      if (!transferSlot || ctx.picksLeft <= 0) continue;
      ctx.picksLeft--;
      const pick = await this.pickCandidate(row, s, ctx.blocklist, active.perUser);
      if (pick.kind === 'candidate') {
        if (await this.startAndEnqueue(ctx, row, pick)) this.count(active, pick.username);
      } else if (pick.kind === 'none') {
        if (row.searchCount < MAX_SEARCHES) {
          // Every candidate was tried: search once more later (peers come and go).
          Object.assign(row, { searchId: null, nextAttemptAt: new Date(Date.now() + this.backoffMs(s, Math.max(1, row.attemptCount))), message: row.attemptCount ? 'every candidate failed; searching again later' : 'nothing acceptable found; searching again later' });
          if (await this.persist(row)) await this.events.updated(row);
        } else {
          await this.failRow(row, row.attemptCount ? 'all_candidates_failed' : 'no_candidates', row.attemptCount ? `${row.attemptCount} attempts failed; the last one: ${row.failureReason ?? 'unknown'}` : 'no acceptable file found');
        }
      }
    }
    return searching;
  }

  private count(active: { total: number; perUser: Map<string, number> }, username: string): void {
    active.total++;
    active.perUser.set(username, (active.perUser.get(username) ?? 0) + 1);
  }

  /**
   * Album mode for one group of waiting rows of one album (album/album-mode.ts): the folder of one peer that
   * covers the most of them with acceptable candidates. When the searches left some rows uncovered, the
   * folder is browsed: files the search found but the folder no longer lists are dropped, and the matcher
   * maps the uncovered rows to the folder's files. The chosen rows get their attempts written (detail
   * "album mode: …") before ONE enqueue call with all their files. Global slots (`maxActive`) hold;
   * `maxPerUser` does not: an album may take as many slots at its peer as it has tracks. Rows not in the
   * folder, and a row whose album-mode attempt fails, go per track; a failed browse sends the whole group
   * per track (and the folder is left alone for ALBUM_SKIP_MS).
   */
  private async dispatchAlbum(ctx: TickContext, group: DownloadEntity[], active: { total: number; perUser: Map<string, number> }, started: Set<string>): Promise<void> {
    const s = ctx.settings;
    // The same rows with the same searches had no folder a moment ago: the answer would not change.
    const groupKey = group.map((r) => `${r.id}:${r.searchId}`).join(',');
    if ((this.albumNoFolder.get(groupKey) ?? 0) > Date.now()) return;
    ctx.picksLeft -= group.length;
    const failedOf = new Map<string, Map<string, number>>();
    const rows: Array<{ rowId: string; candidates: AlbumCandidate[] }> = [];
    for (const row of group) {
      const [cands, history] = await Promise.all([this.repo.acceptedCandidates(row.searchId ?? ''), this.repo.attemptHistory(row)]);
      const failed = this.failedFiles(history);
      failedOf.set(row.id, failed);
      rows.push({
        rowId: row.id,
        candidates: cands
          .filter((c) => (failed.get(`${c.username}\n${c.filename}`) ?? 0) < 1 && !ctx.blocklist.blocks(c.username, c.filename))
          .map((c) => ({ username: c.username, filename: c.filename, size: c.size, position: c.position, qualityTier: c.qualityTier, availability: c.availability })),
      });
    }
    const choice = chooseAlbumFolder(rows);
    if (!choice) {
      if (this.albumNoFolder.size > 1000) for (const [k, until] of this.albumNoFolder) if (until <= Date.now()) this.albumNoFolder.delete(k);
      this.albumNoFolder.set(groupKey, Date.now() + ALBUM_NO_FOLDER_MS);
      return;
    }
    const skipKey = `${choice.username}\u0000${choice.folder}`;
    if ((this.albumSkip.get(skipKey) ?? 0) > Date.now()) return;
    const files = new Map<string, { filename: string; size: number }>();
    for (const [id, c] of choice.picks) files.set(id, { filename: c.filename, size: c.size });
    if (files.size < group.length) {
      let listed: SlskdDirectory[];
      try {
        listed = await ctx.client.browseDirectory(choice.username, choice.folder);
      } catch (e) {
        if (!isSlskdError(e) || BROWSE_OUTAGE.has(e.code)) throw e;
        if (this.albumSkip.size > 1000) for (const [k, until] of this.albumSkip) if (until <= Date.now()) this.albumSkip.delete(k);
        this.albumSkip.set(skipKey, Date.now() + ALBUM_SKIP_MS);
        this.logger.log(`album mode: browsing ${choice.username}'s folder ${choice.folder} failed (${e.code}: ${e.message}); its tracks go one by one`);
        return;
      }
      const folderFiles = listed.flatMap((d) => d.files);
      const present = new Set(folderFiles.map((f) => f.filename));
      for (const [id, f] of files) if (!present.has(f.filename)) files.delete(id);
      const uncovered = new Set(group.filter((r) => !files.has(r.id)).map((r) => r.id));
      const mapped = mapBrowsedFiles(
        { title: group[0].album ?? '', artist: group[0].artist, rows: group },
        { username: choice.username, folder: choice.folder, files: folderFiles },
        uncovered,
        new Set([...files.values()].map((f) => f.filename)),
        await this.profiles.resolve(group[0].profile),
        (rowId, filename) => (failedOf.get(rowId)?.get(`${choice.username}\n${filename}`) ?? 0) < 1 && !ctx.blocklist.blocks(choice.username, filename),
      );
      for (const [id, f] of mapped) files.set(id, f);
    }
    const chosen = group.filter((r) => files.has(r.id)).slice(0, Math.max(0, s.maxActive - active.total));
    if (!chosen.length) return;
    const detail = albumDetail(choice.username, choice.folder, chosen.length, group.length);
    const begun: Array<{ row: DownloadEntity; attemptId: string; file: { filename: string; size: number } }> = [];
    for (const row of chosen) {
      const file = files.get(row.id) as { filename: string; size: number };
      const res = await this.repo.startAttempt(row, { username: choice.username, ...file }, this.expectedState(row));
      if (!res) continue;
      res.attempt.detail = detail;
      await this.repo.saveAttempt(res.attempt);
      this.readAs.set(res.row, res.row.state);
      started.add(row.id);
      this.count(active, choice.username);
      ctx.report.started++;
      await this.events.updated(res.row);
      begun.push({ row: res.row, attemptId: res.attempt.id, file });
    }
    if (!begun.length) return;
    this.logger.log(`album mode: ${begun.length} of ${group.length} tracks of "${group[0].album}" from ${choice.username}'s ${choice.folder}`);
    try {
      const res = await ctx.client.enqueueDownloads(choice.username, begun.map((b) => b.file));
      for (const b of begun) {
        const t = res.enqueued.find((x) => x.filename === b.file.filename);
        // Not enqueued ("already in progress"): reconcile finds the transfer by user+file, as per track.
        if (!t) continue;
        b.row.transferId = t.id;
        b.row.transferState = t.rawState;
        await this.repo.setAttemptTransfer(b.attemptId, t.id);
        await this.persist(b.row);
      }
    } catch (e) {
      // The same rules as a single enqueue, for each row; a failed row goes per track from the next pick on.
      if (isSlskdError(e, 'user_offline') || isSlskdError(e, 'bad_request')) {
        const offline = isSlskdError(e, 'user_offline');
        for (const b of begun) await this.failAttempt(ctx, b.row, offline ? 'user_offline' : 'slskd_error', offline ? `${choice.username} is offline` : (e as Error).message);
        return;
      }
      if (isSlskdError(e) && (NOT_ENQUEUED.has(e.code) || (e.code === 'unreachable' && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(e.message)))) {
        for (const b of begun) await this.undoAttempt(s, b.row, `slskd did not take the request (${e.message})`);
      }
      throw e;
    }
  }

  /** Failed (user, file) pairs in an attempt history, weighted as pickCandidate does (a lost transfer counts half). */
  private failedFiles(history: DownloadAttemptEntity[]): Map<string, number> {
    const failed = new Map<string, number>();
    for (const a of history) {
      if (a.outcome !== 'failed') continue;
      const key = `${a.username}\n${a.filename}`;
      failed.set(key, (failed.get(key) ?? 0) + (a.reason === 'transfer_lost' ? 0.5 : 1));
    }
    return failed;
  }

  private async failRow(row: DownloadEntity, reason: DownloadFailureReason, message: string): Promise<void> {
    Object.assign(row, { state: 'failed', failureReason: reason, message, finishedAt: new Date(), nextAttemptAt: null });
    if (!(await this.persist(row))) return;
    this.logger.log(`download ${row.id} failed: ${reason} (${message})`);
    await this.events.updated(row);
  }

  /**
   * The next candidate: accepted files by rank, never one that already failed for this wanted track,
   * never a blocked one; a peer other than the one that just failed first, and never three in a row
   * from one peer; peers at their concurrency limit are skipped for now.
   */
  async pickCandidate(row: DownloadEntity, s: DownloadSettings, blocklist: BlocklistSnapshot, perUser?: Map<string, number>): Promise<CandidatePick> {
    if (!row.searchId) return { kind: 'none' };
    const [cands, history] = await Promise.all([this.repo.acceptedCandidates(row.searchId), this.repo.attemptHistory(row)]);
    const failed = new Map<string, number>();
    for (const a of history) {
      if (a.outcome !== 'failed') continue;
      const key = `${a.username}\n${a.filename}`;
      failed.set(key, (failed.get(key) ?? 0) + (a.reason === 'transfer_lost' ? 0.5 : 1));
    }
    const mine = history.filter((a) => a.downloadId === row.id && a.outcome === 'failed');
    const lastUser = mine[0]?.username;
    const twoInRow = mine.length >= 2 && mine[1].username === lastUser;
    const eligible = cands.filter((c) => (failed.get(`${c.username}\n${c.filename}`) ?? 0) < 1 && !blocklist.blocks(c.username, c.filename) && !(twoInRow && c.username === lastUser));
    if (!eligible.length) return { kind: 'none' };
    const ordered = [...eligible.filter((c) => c.username !== lastUser), ...eligible.filter((c) => c.username === lastUser)];
    for (const c of ordered) {
      if (perUser && (perUser.get(c.username) ?? 0) >= s.maxPerUser) continue;
      return { kind: 'candidate', username: c.username, filename: c.filename, size: c.size };
    }
    return { kind: 'busy' };
  }

  /** Writes the attempt (state queued, no transfer id) first, then asks slskd, then saves the id. */
  private async startAndEnqueue(ctx: TickContext | (Partial<TickContext> & { client: SlskdClient; settings: DownloadSettings }), row: DownloadEntity, cand: { username: string; filename: string; size: number }): Promise<boolean> {
    const started = await this.repo.startAttempt(row, cand, this.expectedState(row));
    if (!started) return false;
    const { row: saved, attempt } = started;
    this.readAs.set(saved, saved.state);
    await this.events.updated(saved);
    if (ctx.report) ctx.report.started++;
    try {
      const res = await ctx.client.enqueueDownloads(cand.username, [{ filename: cand.filename, size: cand.size }]);
      const t = res.enqueued.find((x) => x.filename === cand.filename);
      if (t) {
        saved.transferId = t.id;
        saved.transferState = t.rawState;
        await this.repo.setAttemptTransfer(attempt.id, t.id);
        // A user who paused it meanwhile wins: the transfer is then released by user+file.
        await this.persist(saved);
      }
      // Not enqueued ("already in progress"): the next reconcile finds the existing transfer by user+file.
    } catch (e) {
      if (isSlskdError(e, 'user_offline')) {
        await this.failAttempt(ctx, saved, 'user_offline', `${cand.username} is offline`);
        return true;
      }
      if (isSlskdError(e, 'bad_request')) {
        await this.failAttempt(ctx, saved, 'slskd_error', e.message);
        return true;
      }
      if (isSlskdError(e) && (NOT_ENQUEUED.has(e.code) || (e.code === 'unreachable' && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(e.message)))) {
        // slskd answered with an error or was not reachable at all: nothing was queued there. Undo the attempt
        // (it does not count and the file is not marked failed) and let the circuit breaker judge slskd.
        await this.undoAttempt(ctx.settings, saved, `slskd did not take the request (${e.message})`);
      }
      // A timeout is an unknown outcome: the row stays queued without an id and reconcile settles it.
      throw e;
    }
    return true;
  }

  private async undoAttempt(s: DownloadSettings, row: DownloadEntity, detail: string): Promise<void> {
    Object.assign(row, {
      state: 'wanted',
      transferId: null,
      transferState: null,
      requestedAt: null,
      attemptCount: Math.max(0, row.attemptCount - 1),
      message: detail,
      nextAttemptAt: new Date(Date.now() + s.retryBaseSeconds * 1000),
    } satisfies Partial<DownloadEntity>);
    if (await this.endAttempt(row, 'cancelled', 'slskd_error', detail)) await this.events.updated(row);
  }

  // ------------------------------------------------------------------ verification

  /**
   * Checks the landed file of a `verifying` download. Returns `retryAfterMs` while the file is not in
   * place yet (slskd marks Succeeded before moving it); settles the row otherwise.
   */
  async verify(downloadId: string, attemptId: string): Promise<{ retryAfterMs?: number; outcome: 'done' | 'failed' | 'skipped' | 'waiting' }> {
    const found = await this.repo.findById(downloadId);
    const row = found ? this.seen([found])[0] : null;
    if (!row || row.state !== 'verifying' || row.currentAttemptId !== attemptId) return { outcome: 'skipped' };
    const attempt = await this.repo.findAttempt(attemptId);
    if (!attempt) return { outcome: 'skipped' };
    const s = await this.settings.get();
    const waitedMs = Date.now() - (row.progressAt?.getTime() ?? Date.now());
    const result = await this.verifier.verify({
      downloadId,
      attemptId,
      username: attempt.username,
      remoteFilename: attempt.filename,
      size: attempt.size,
      transferId: row.transferId ?? attempt.transferId,
      requestedAt: attempt.startedAt,
      expectedDurationMs: row.durationMs,
      verifyDecode: s.verifyDecode,
      finalAttempt: waitedMs >= this.options.verifyWaitMs,
    });
    if (result.ok) {
      const transferId = row.transferId;
      Object.assign(row, { state: 'done', localPath: result.localPath, finishedAt: new Date(), requestedAt: null, failureReason: null, message: null, nextAttemptAt: null, percent: 100, speed: 0, etaSeconds: null });
      if (!(await this.endAttempt(row, 'succeeded', null, `${result.format}, ${Math.round(result.durationMs / 1000)} s`, { transferId }))) return { outcome: 'skipped' };
      await this.jobs.enqueue({ name: JobName.DownloadVerified, data: { downloadId } });
      this.logger.log(`download ${row.id} verified: ${result.localPath}`);
      await this.events.updated(row);
      if (transferId) await this.tryRemoveRecord(attempt.username, transferId);
      return { outcome: 'done' };
    }
    if ('retryAfterMs' in result) return { outcome: 'waiting', retryAfterMs: result.retryAfterMs };
    if (result.reason === 'verification_failed') await this.blocklist.autoBlockUserFile(attempt.username, attempt.filename, result.detail);
    await this.failAttempt({ settings: s }, row, result.reason, result.detail, { quarantinePath: result.quarantinePath });
    await this.kick('verification failed');
    return { outcome: 'failed' };
  }

  /** The verify job gave up on an error: the attempt fails (the file stays where it is) and the next candidate follows. */
  async verificationCrashed(downloadId: string, attemptId: string, message: string): Promise<void> {
    const found = await this.repo.findById(downloadId);
    if (!found || found.state !== 'verifying' || found.currentAttemptId !== attemptId) return;
    const row = this.seen([found])[0];
    await this.failAttempt({ settings: await this.settings.get() }, row, 'verification_failed', `the file could not be checked: ${message}`);
    await this.kick('verification crashed');
  }

  // ------------------------------------------------------------------ plumbing

  private seen<T extends DownloadEntity>(rows: T[]): T[] {
    for (const r of rows) this.readAs.set(r, r.state);
    return rows;
  }

  private expectedState(row: DownloadEntity): DownloadState {
    return this.readAs.get(row) ?? row.state;
  }

  /** Saves the engine's columns unless the row's state changed since it was read (then the next tick sees the new state). */
  private async persist(row: DownloadEntity): Promise<boolean> {
    const expected = this.expectedState(row);
    const ok = await this.repo.saveIfState(row, expected);
    if (ok) this.readAs.set(row, row.state);
    else this.logger.log(`download ${row.id} changed meanwhile (was ${expected}); left to the next tick`);
    return ok;
  }

  private async endAttempt(row: DownloadEntity, outcome: DownloadAttemptOutcome, reason: DownloadFailureReason | null, detail: string | null, extra: Partial<DownloadAttemptEntity> = {}): Promise<boolean> {
    const expected = this.expectedState(row);
    // An album-mode attempt keeps saying so in its detail, so the Downloads detail shows where it came from.
    const started = row.currentAttemptId ? (await this.repo.findAttempt(row.currentAttemptId))?.detail : null;
    if (started?.startsWith(ALBUM_MODE_PREFIX)) detail = detail ? `${started} · ${detail}` : started;
    const ok = await this.repo.endAttempt(row, expected, outcome, reason, detail, extra);
    if (ok) this.readAs.set(row, row.state);
    else this.logger.log(`download ${row.id} changed meanwhile (was ${expected}); attempt left to the next tick`);
    return ok;
  }

  /** A worker killed between "verifying" and the job enqueue must not leave the row waiting forever. */
  private async ensureVerifyJobs(): Promise<void> {
    const stale = Date.now() - VERIFY_REENQUEUE_MS;
    for (const row of await this.repo.inState('verifying')) {
      if (!row.currentAttemptId || (row.progressAt?.getTime() ?? 0) > stale) continue;
      await this.jobs.enqueue({ name: JobName.DownloadVerify, data: { downloadId: row.id, attemptId: row.currentAttemptId } });
    }
  }

  async kick(reason: string): Promise<void> {
    await this.jobs.enqueue({ name: JobName.DownloadsTick, data: { reason } });
  }

  async publishStatus(force = false): Promise<void> {
    await this.events.status(await this.statusService.status(), force);
  }

  private async removeRecord(client: SlskdClient, t: SlskdTransfer): Promise<void> {
    if (t.removed) return;
    await client.cancelDownload(t.username, t.id, { remove: true }).catch((e: unknown) => this.logger.debug(`could not remove slskd record ${t.id}: ${(e as Error).message}`));
  }

  private async tryRemoveRecord(username: string, transferId: string): Promise<void> {
    try {
      const client = await this.slskd.getClient();
      await client.cancelDownload(username, transferId, { remove: true });
    } catch (e) {
      this.logger.debug(`could not remove slskd record ${transferId}: ${(e as Error).message}`);
    }
  }

  private async slskdRetryAttempts(client: SlskdClient): Promise<number> {
    const cached = this.retryAttemptsCache;
    if (cached && Date.now() - cached.at < this.options.optionsCacheMs) return cached.value;
    const value = (await client.getOptions()).retryAttempts ?? 0;
    this.retryAttemptsCache = { value, at: Date.now() };
    return value;
  }

  private isSlskdOutage(e: unknown): boolean {
    return isSlskdError(e) && ['unreachable', 'timeout', 'server_error', 'rate_limited', 'unauthorized', 'forbidden', 'conflict', 'invalid_response'].includes(e.code);
  }

  private async onSlskdFailure(e: unknown): Promise<void> {
    if (!isSlskdError(e)) throw e;
    const message = e.code === 'unauthorized' || e.code === 'forbidden' ? 'slskd rejected the API key; fix it under Settings → Soulseek' : e.message;
    const state = await this.breaker.failure(message);
    this.logger.warn(`slskd call failed (${e.code}): ${e.message}${state.circuit === 'open' ? `; holding calls until ${state.retryAt}` : ''}`);
  }
}
