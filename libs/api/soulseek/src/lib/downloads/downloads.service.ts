import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  ACTIVE_DOWNLOAD_STATES,
  FINISHED_DOWNLOAD_STATES,
  type CreateDownloadsRequest,
  type CreateDownloadsResponse,
  type Download,
  type DownloadAction,
  type DownloadBatchRequest,
  type DownloadBatchResponse,
  type DownloadDetail,
  type DownloadQueueStatus,
  type DownloadState,
  type Page,
  type ReorderDownloadRequest,
  type SoulseekProfileId,
} from '@soulspot/shared/contracts';
import { JobName, JobQueue } from '@soulspot/api/core';
import type { WantedTrackEntity } from '@soulspot/api/library';
import type { DownloadEntity } from '../entities/download.entity';
import { QualityProfilesService } from '../profiles/quality-profiles.service';
import { DownloadEvents } from './download-events';
import { toDownload, toDownloadAttempt } from './download.mapper';
import { DownloadRepository, type NewDownload } from './download.repository';
import { DownloadSettingsService } from './download-settings.service';
import { DownloadStatusService } from './download-status.service';

const ITEMS_IN_RESPONSE = 100;
const isFinished = (s: DownloadState) => FINISHED_DOWNLOAD_STATES.includes(s);

/** Thrown by an action that does not apply to an item; batches turn it into a `skipped` entry. */
class ActionSkipped extends ConflictException {}

/**
 * The download queue's use cases for the HTTP api. It only writes rows and kicks a tick: the engine (in
 * the worker) talks to slskd, so a request never waits for Soulseek.
 */
@Injectable()
export class DownloadsService {
  private readonly logger = new Logger(DownloadsService.name);

  constructor(
    private readonly repo: DownloadRepository,
    private readonly settings: DownloadSettingsService,
    private readonly statusService: DownloadStatusService,
    private readonly events: DownloadEvents,
    private readonly jobs: JobQueue,
    private readonly profiles: QualityProfilesService,
  ) {}

  async list(states: DownloadState[], q: string | undefined, page: number, pageSize: number): Promise<Page<Download>> {
    const p = await this.repo.page({ states, q, page, pageSize });
    return { ...p, items: p.items.map(toDownload) };
  }

  status(): Promise<DownloadQueueStatus> {
    return this.statusService.status();
  }

  async detail(id: string): Promise<DownloadDetail> {
    const row = await this.require(id);
    return { ...toDownload(row), attempts: (await this.repo.attemptsOf(id)).map(toDownloadAttempt) };
  }

  async create(req: CreateDownloadsRequest): Promise<CreateDownloadsResponse> {
    const given = [req.wantedTrackIds !== undefined, req.sourceId !== undefined, req.track !== undefined, req.candidate !== undefined].filter(Boolean).length;
    if (given !== 1) throw new BadRequestException('give exactly one of wantedTrackIds, sourceId, track or candidate');
    const priority = req.priority ?? 0;
    // The request's profile, else the list's own (for a whole list), else the user's default profile.
    if (req.profile !== undefined) await this.profiles.assertKnown(req.profile);
    let profile: SoulseekProfileId = req.profile ?? (await this.profiles.defaultId());
    let values: NewDownload[] = [];
    let existing = 0;
    let excluded = 0;

    if (req.track) {
      values = [{ artist: req.track.artist.trim(), title: req.track.title.trim(), album: req.track.album?.trim() || null, durationMs: req.track.durationMs ?? null, profile, priority }];
    } else if (req.candidate) {
      const search = await this.repo.findSearch(req.candidate.searchId);
      const cand = await this.repo.findCandidate(req.candidate.candidateId);
      if (!search || !cand || cand.searchId !== search.id) throw new NotFoundException(`candidate ${req.candidate.candidateId} of search ${req.candidate.searchId} not found`);
      // A second click on the same file while it is still queued does not fetch it twice.
      const open = await this.repo.openPinnedTo(cand.id);
      if (open) return { created: 0, existing: 1, excluded: 0, items: [toDownload(open)] };
      values = [{ artist: search.artist, title: search.title, album: search.album, durationMs: search.durationMs, profile: req.profile ?? search.profile, priority, searchId: search.id, pinnedCandidateId: cand.id }];
    } else {
      let tracks: WantedTrackEntity[];
      if (req.sourceId !== undefined) {
        const listProfile = await this.repo.sourceProfile(req.sourceId);
        if (listProfile === undefined) throw new NotFoundException(`list ${req.sourceId} not found`);
        if (req.profile === undefined && listProfile && (await this.profiles.exists(listProfile))) profile = listProfile;
        tracks = await this.repo.sourceTracks(req.sourceId);
      } else {
        const ids = [...new Set(req.wantedTrackIds ?? [])];
        const found = await this.repo.wantedTracks(ids);
        const missing = ids.filter((id) => !found.some((t) => t.id === id));
        if (missing.length) throw new NotFoundException(`wanted track(s) not found: ${missing.slice(0, 5).join(', ')}`);
        const order = new Map(ids.map((id, i) => [id, i]));
        tracks = found.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
      }
      const withDownload = await this.repo.wantedWithDownload(tracks.map((t) => t.id));
      const wanted: WantedTrackEntity[] = [];
      for (const t of tracks) {
        if (t.state === 'excluded') excluded++;
        else if (t.state === 'in_library' || withDownload.has(t.id)) existing++;
        else wanted.push(t);
      }
      values = wanted.map((t) => ({ wantedTrackId: t.id, artist: t.artists[0] ?? '', title: t.title, album: t.album, durationMs: t.durationMs, profile, priority }));
    }

    const created = await this.repo.insertMany(values);
    // A concurrent request may have queued some of the same tracks a moment earlier.
    existing += values.length - created.length;
    for (const row of created.slice(0, ITEMS_IN_RESPONSE)) await this.events.updated(row);
    if (created.length) await this.kick('created');
    this.logger.log(`queued ${created.length} download(s) (${existing} already queued or present, ${excluded} excluded)`);
    return { created: created.length, existing, excluded, items: created.slice(0, ITEMS_IN_RESPONSE).map(toDownload) };
  }

  /** Applies one action; `remove` returns null. */
  async action(id: string, action: DownloadAction, priority?: number): Promise<Download | null> {
    const row = await this.require(id);
    try {
      const out = await this.apply(row, action, priority);
      await this.kick(action);
      return out;
    } catch (e) {
      if (e instanceof ActionSkipped) throw new ConflictException(e.message);
      throw e;
    }
  }

  async batch(req: DownloadBatchRequest): Promise<DownloadBatchResponse> {
    const ids = [...new Set(req.ids)];
    const rows = new Map((await this.repo.findByIds(ids)).map((r) => [r.id, r]));
    const skipped: DownloadBatchResponse['skipped'] = [];
    let updated = 0;
    for (const id of ids) {
      const row = rows.get(id);
      if (!row) {
        skipped.push({ id, reason: 'not found' });
        continue;
      }
      try {
        await this.apply(row, req.action, req.priority);
        updated++;
      } catch (e) {
        if (!(e instanceof ActionSkipped)) throw e;
        skipped.push({ id, reason: e.message });
      }
    }
    if (updated) await this.kick(`batch ${req.action}`);
    return { updated, skipped };
  }

  async reorder(id: string, req: ReorderDownloadRequest): Promise<Download> {
    if ((req.beforeId === undefined) === (req.to === undefined)) throw new BadRequestException('give exactly one of beforeId or to');
    const row = await this.require(id);
    if (isFinished(row.state)) throw new ConflictException(`cannot reorder a ${row.state} download`);
    if (req.beforeId !== undefined) {
      if (req.beforeId === id) return toDownload(row);
      const before = await this.repo.findById(req.beforeId);
      if (!before) throw new NotFoundException(`download ${req.beforeId} not found`);
      if (isFinished(before.state)) throw new ConflictException(`cannot move before a ${before.state} download`);
      const prev = await this.repo.previousPosition(before.priority, before.position);
      row.priority = before.priority;
      row.position = prev === null || prev === row.position ? before.position - 1 : (prev + before.position) / 2;
    } else {
      const bounds = await this.repo.positionBounds(row.priority);
      row.position = req.to === 'top' ? (bounds.min ?? row.position) - 1 : (bounds.max ?? row.position) + 1;
    }
    // Only the user's columns: a tick running at the same time keeps its state and progress.
    await this.repo.updatePlace(row.id, { priority: row.priority, position: row.position });
    const saved = await this.require(id);
    await this.events.updated(saved);
    await this.kick('reorder');
    return toDownload(saved);
  }

  async pauseQueue(paused: boolean): Promise<DownloadQueueStatus> {
    await this.settings.setQueuePaused(paused);
    const status = await this.statusService.status();
    await this.events.status(status, true);
    if (!paused) await this.kick('queue resumed');
    return status;
  }

  async clearFinished(states: DownloadState[]): Promise<{ removed: number }> {
    const bad = states.filter((s) => !isFinished(s));
    if (bad.length) throw new BadRequestException(`only finished downloads can be cleared (not ${bad.join(', ')})`);
    const ids = await this.repo.clearFinished(states.length ? states : FINISHED_DOWNLOAD_STATES);
    await this.events.removed(ids.length <= 500 ? ids : []);
    return { removed: ids.length };
  }

  // ------------------------------------------------------------------ actions

  /**
   * Applies an action as a compare-and-set on the state the row was read in, so neither a running tick
   * nor a second request is overwritten; a row that changed meanwhile is read again (twice at most).
   */
  private async apply(row: DownloadEntity, action: DownloadAction, priority?: number): Promise<Download | null> {
    for (let tries = 0; ; tries++) {
      if (action === 'remove') {
        if (ACTIVE_DOWNLOAD_STATES.includes(row.state)) throw new ActionSkipped(`cannot remove a ${row.state} download; cancel it first`);
        if (row.requestedAt) throw new ActionSkipped('its transfer is still being cancelled on slskd; try again in a moment');
        if (await this.repo.deleteIfState(row.id, row.state)) {
          await this.events.removed([row.id]);
          return null;
        }
      } else {
        const patch = await this.patchFor(row, action, priority);
        let ok: boolean;
        try {
          ok = await this.repo.updateIfState(row.id, row.state, patch);
        } catch (e) {
          if ((e as { code?: string }).code === '23505') throw new ActionSkipped('another download of this track is already queued');
          throw e;
        }
        if (ok) {
          const saved = await this.repo.findById(row.id);
          if (!saved) throw new ActionSkipped('not found');
          await this.events.updated(saved);
          return toDownload(saved);
        }
      }
      if (tries >= 2) throw new ActionSkipped('the download kept changing; try again');
      const fresh = await this.repo.findById(row.id);
      if (!fresh) throw new ActionSkipped('not found');
      row = fresh;
    }
  }

  private async patchFor(row: DownloadEntity, action: Exclude<DownloadAction, 'remove'>, priority?: number): Promise<Partial<DownloadEntity>> {
    switch (action) {
      case 'pause':
        if (row.state === 'paused') throw new ActionSkipped('already paused');
        if (isFinished(row.state)) throw new ActionSkipped(`cannot pause a ${row.state} download`);
        if (row.state === 'verifying') throw new ActionSkipped('the file is being verified');
        // A running transfer keeps requestedAt: the next tick cancels it on slskd and releases it.
        return { state: 'paused', speed: 0, etaSeconds: null, message: 'paused' };
      case 'resume':
        if (row.state !== 'paused') throw new ActionSkipped(`cannot resume a ${row.state} download`);
        // Paused and resumed before the engine released the transfer: simply keep following it.
        return { state: row.requestedAt ? 'queued' : 'wanted', nextAttemptAt: null, message: null };
      case 'cancel':
        if (isFinished(row.state)) throw new ActionSkipped(`cannot cancel a ${row.state} download`);
        return { state: 'cancelled', finishedAt: new Date(), speed: 0, etaSeconds: null, message: 'cancelled by the user' };
      case 'retry':
        if (row.state !== 'failed' && row.state !== 'cancelled') throw new ActionSkipped(`cannot retry a ${row.state} download`);
        return {
          state: 'wanted',
          // A pinned file is tried again as chosen; otherwise search afresh (failed files stay excluded).
          searchId: row.pinnedCandidateId ? row.searchId : null,
          attemptCount: 0,
          searchCount: 0,
          failureReason: null,
          message: null,
          nextAttemptAt: null,
          finishedAt: null,
          bytesTransferred: 0,
          percent: 0,
        };
      case 'prioritize':
        if (isFinished(row.state)) throw new ActionSkipped(`cannot prioritize a ${row.state} download`);
        return { priority: priority ?? (await this.repo.maxOpenPriority()) + 1 };
    }
  }

  private async require(id: string): Promise<DownloadEntity> {
    const row = await this.repo.findById(id);
    if (!row) throw new NotFoundException(`download ${id} not found`);
    return row;
  }

  private async kick(reason: string): Promise<void> {
    await this.jobs.enqueue({ name: JobName.DownloadsTick, data: { reason } });
  }
}
