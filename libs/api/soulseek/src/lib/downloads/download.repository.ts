import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { FINISHED_DOWNLOAD_STATES, type DownloadFailureReason, type DownloadState, type Page } from '@soulspot/shared/contracts';
import { SourceEntryEntity, WantedTrackEntity } from '@soulspot/api/library';
import { DownloadAttemptEntity } from '../entities/download-attempt.entity';
import { DownloadEntity } from '../entities/download.entity';
import { downloadStateCounts, pageDownloads } from './download-list.query';
import { SoulseekSearchCandidateEntity } from '../entities/soulseek-search-candidate.entity';
import { SoulseekSearchEntity } from '../entities/soulseek-search.entity';

export type NewDownload = Pick<DownloadEntity, 'artist' | 'title' | 'album' | 'durationMs' | 'profile' | 'priority'> &
  Partial<Pick<DownloadEntity, 'wantedTrackId' | 'searchId' | 'pinnedCandidateId'>>;

export interface ListQuery {
  states: DownloadState[];
  q?: string;
  page: number;
  pageSize: number;
}

const TRANSFER_STATES: DownloadState[] = ['queued', 'downloading'];

/** Columns the engine writes; priority and position belong to the user. */
const ENGINE_COLUMNS = [
  'state',
  'searchId',
  'currentAttemptId',
  'username',
  'filename',
  'size',
  'transferId',
  'transferState',
  'placeInQueue',
  'bytesTransferred',
  'percent',
  'speed',
  'etaSeconds',
  'requestedAt',
  'progressAt',
  'attemptCount',
  'searchCount',
  'failureReason',
  'message',
  'nextAttemptAt',
  'localPath',
  'startedAt',
  'finishedAt',
] as const satisfies readonly (keyof DownloadEntity)[];

class StateChanged extends Error {}
const FINISHED = `('done','failed','cancelled')`;

/** Every query of the download engine and its API; multi-row decisions are one transaction each. */
@Injectable()
export class DownloadRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get rows() {
    return this.db.getRepository(DownloadEntity);
  }

  private get attempts() {
    return this.db.getRepository(DownloadAttemptEntity);
  }

  findById(id: string): Promise<DownloadEntity | null> {
    return this.rows.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<DownloadEntity[]> {
    return ids.length ? this.rows.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  save(row: DownloadEntity): Promise<DownloadEntity> {
    return this.rows.save(row);
  }

  async delete(ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    return (await this.rows.delete({ id: In(ids) })).affected ?? 0;
  }

  async clearFinished(states: DownloadState[]): Promise<string[]> {
    const finished = states.filter((s) => FINISHED_DOWNLOAD_STATES.includes(s));
    if (!finished.length) return [];
    // Through the query builder: a raw DELETE … RETURNING comes back from TypeORM as [rows, count].
    const res = await this.rows.createQueryBuilder().delete().from(DownloadEntity).where('state IN (:...finished)', { finished }).returning('id').execute();
    return (res.raw as { id: string }[]).map((r) => r.id);
  }

  // ------------------------------------------------------------------ engine

  /** Rows that own (or may own) a transfer on slskd: running ones, and stopped ones whose transfer is not released yet. */
  tracked(): Promise<DownloadEntity[]> {
    return this.rows
      .createQueryBuilder('d')
      .where(`d.state IN ('queued','downloading')`)
      .orWhere(`d.state IN ('paused','cancelled','failed','wanted') AND d.requested_at IS NOT NULL`)
      .getMany();
  }

  inState(state: DownloadState): Promise<DownloadEntity[]> {
    return this.rows.find({ where: { state }, order: { priority: 'DESC', position: 'ASC' } });
  }

  /** Waiting rows in dispatch order whose back-off is over. */
  dispatchable(limit: number, after?: { priority: number; position: number }, onlyWithCandidates = false, now = new Date()): Promise<DownloadEntity[]> {
    const qb = this.rows
      .createQueryBuilder('d')
      .where(`d.state = 'wanted'`)
      .andWhere('(d.next_attempt_at IS NULL OR d.next_attempt_at <= :now)', { now });
    // With every search slot taken, rows that still need a search cannot move: skip them in the query.
    if (onlyWithCandidates) qb.andWhere('(d.search_id IS NOT NULL OR d.pinned_candidate_id IS NOT NULL)');
    // Keyset paging in dispatch order, so rows the tick just started do not shift the next page.
    if (after) qb.andWhere('(d.priority < :p OR (d.priority = :p AND d.position > :pos))', { p: after.priority, pos: after.position });
    return qb.orderBy('d.priority', 'DESC').addOrderBy('d.position', 'ASC').take(limit).getMany();
  }

  async activeTransfers(): Promise<{ total: number; perUser: Map<string, number> }> {
    const rows: { username: string; n: string }[] = await this.db.query(
      `SELECT username, count(*) AS n FROM downloads WHERE state IN ('queued','downloading') AND username IS NOT NULL GROUP BY username`,
    );
    const perUser = new Map(rows.map((r) => [r.username, Number(r.n)]));
    return { total: [...perUser.values()].reduce((a, b) => a + b, 0), perUser };
  }

  countInState(state: DownloadState): Promise<number> {
    return this.rows.countBy({ state });
  }

  findSearch(id: string): Promise<SoulseekSearchEntity | null> {
    return this.db.getRepository(SoulseekSearchEntity).findOneBy({ id });
  }

  acceptedCandidates(searchId: string): Promise<SoulseekSearchCandidateEntity[]> {
    return this.db.getRepository(SoulseekSearchCandidateEntity).find({ where: { searchId, accepted: true }, order: { position: 'ASC' }, take: 500 });
  }

  findCandidate(id: string): Promise<SoulseekSearchCandidateEntity | null> {
    return this.db.getRepository(SoulseekSearchCandidateEntity).findOneBy({ id });
  }

  /** Attempts of this download and of any other download of the same wanted track, newest first. */
  attemptHistory(row: Pick<DownloadEntity, 'id' | 'wantedTrackId'>): Promise<DownloadAttemptEntity[]> {
    const qb = this.attempts.createQueryBuilder('a').where('a.download_id = :id', { id: row.id });
    if (row.wantedTrackId) qb.orWhere('a.wanted_track_id = :w', { w: row.wantedTrackId });
    return qb.orderBy('a.started_at', 'DESC').addOrderBy('a.id', 'ASC').getMany();
  }

  attemptsOf(downloadId: string): Promise<DownloadAttemptEntity[]> {
    return this.attempts.find({ where: { downloadId }, order: { startedAt: 'DESC' } });
  }

  findAttempt(id: string): Promise<DownloadAttemptEntity | null> {
    return this.attempts.findOneBy({ id });
  }

  /** Which of these slskd transfer ids belong to attempts that are over (failed or cancelled). */
  async endedAttemptTransfers(transferIds: string[]): Promise<Set<string>> {
    if (!transferIds.length) return new Set();
    const rows: { id: string }[] = await this.db.query(`SELECT transfer_id AS id FROM download_attempts WHERE transfer_id = ANY($1) AND outcome IN ('failed', 'cancelled')`, [transferIds]);
    return new Set(rows.map((r) => r.id));
  }

  async setAttemptTransfer(attemptId: string, transferId: string): Promise<void> {
    await this.attempts.update({ id: attemptId }, { transferId });
  }

  saveAttempt(a: DownloadAttemptEntity): Promise<DownloadAttemptEntity> {
    return this.attempts.save(a);
  }

  /** The latest finished attempts from one peer across all downloads (for automatic blocking). */
  recentAttemptsOfUser(username: string, limit: number): Promise<DownloadAttemptEntity[]> {
    return this.attempts
      .createQueryBuilder('a')
      .where('a.username = :username', { username })
      .andWhere(`a.outcome IN ('failed','succeeded')`)
      .orderBy('a.ended_at', 'DESC')
      .take(limit)
      .getMany();
  }

  /**
   * The engine's write: only the columns the engine owns (never priority/position, which the user moves),
   * and only if nobody changed the row's state since the engine read it (a user's pause or cancel wins
   * over a tick that was already running). False when the row had changed.
   */
  async saveIfState(row: DownloadEntity, expected: DownloadState, m: EntityManager = this.db.manager): Promise<boolean> {
    const patch = Object.fromEntries(ENGINE_COLUMNS.map((c) => [c, row[c]]));
    return this.updateIfState(row.id, expected, patch as Partial<DownloadEntity>, m);
  }

  /** A compare-and-set on the row's state. */
  async updateIfState(id: string, expected: DownloadState, patch: Partial<DownloadEntity>, m: EntityManager = this.db.manager): Promise<boolean> {
    const res = await m
      .createQueryBuilder()
      .update(DownloadEntity)
      .set(patch as Parameters<ReturnType<ReturnType<EntityManager['createQueryBuilder']>['update']>['set']>[0])
      .where('id = :id', { id })
      .andWhere('state = :expected', { expected })
      .execute();
    return (res.affected ?? 0) > 0;
  }

  /** User-owned columns (priority, position), written without touching what the engine owns. */
  async updatePlace(id: string, place: { priority?: number; position?: number }): Promise<void> {
    await this.rows.update({ id }, place);
  }

  async deleteIfState(id: string, expected: DownloadState): Promise<boolean> {
    const res = await this.rows.delete({ id, state: expected, requestedAt: IsNull() });
    return (res.affected ?? 0) > 0;
  }

  /**
   * Writes the decision to try a candidate before slskd hears of it: a new attempt row and the row's
   * candidate fields with no transfer id yet. A crash after this is reconciled by user+filename.
   */
  async startAttempt(row: DownloadEntity, cand: { username: string; filename: string; size: number }, expected: DownloadState, now = new Date()): Promise<{ row: DownloadEntity; attempt: DownloadAttemptEntity } | null> {
    return this.casTransaction(async (m) => {
      const attempt = await m.save(
        m.create(DownloadAttemptEntity, {
          downloadId: row.id,
          wantedTrackId: row.wantedTrackId,
          username: cand.username,
          filename: cand.filename,
          size: cand.size,
          outcome: 'running',
          reason: null,
          detail: null,
          transferId: null,
          quarantinePath: null,
          startedAt: now,
          endedAt: null,
        }),
      );
      Object.assign(row, {
        state: 'queued',
        currentAttemptId: attempt.id,
        username: cand.username,
        filename: cand.filename,
        size: cand.size,
        transferId: null,
        transferState: null,
        placeInQueue: null,
        bytesTransferred: 0,
        percent: 0,
        speed: 0,
        etaSeconds: null,
        requestedAt: now,
        progressAt: now,
        attemptCount: row.attemptCount + 1,
        failureReason: null,
        message: null,
        nextAttemptAt: null,
        startedAt: row.startedAt ?? now,
      } satisfies Partial<DownloadEntity>);
      if (!(await this.saveIfState(row, expected, m))) throw new StateChanged();
      return { row, attempt };
    });
  }

  /** Runs `work` in a transaction; a `StateChanged` inside rolls it back and yields null. */
  private async casTransaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T | null> {
    try {
      return await this.db.transaction(work);
    } catch (e) {
      if (e instanceof StateChanged) return null;
      throw e;
    }
  }

  /** Ends the current attempt and saves the row in one transaction. */
  async endAttempt(row: DownloadEntity, expected: DownloadState, outcome: DownloadAttemptEntity['outcome'], reason: DownloadFailureReason | null, detail: string | null, extra: Partial<DownloadAttemptEntity> = {}): Promise<boolean> {
    const done = await this.casTransaction(async (m) => {
      if (!(await this.saveIfState(row, expected, m))) throw new StateChanged();
      if (row.currentAttemptId) {
        await m.update(DownloadAttemptEntity, { id: row.currentAttemptId, outcome: 'running' }, { outcome, reason, detail, endedAt: new Date(), transferId: row.transferId, ...extra });
      }
      return true;
    });
    return done === true;
  }

  // ------------------------------------------------------------------ api

  /** The Downloads list: see download-list.query.ts for how it stays fast with 100,000 rows. */
  page(query: ListQuery): Promise<Page<DownloadEntity>> {
    return pageDownloads(this.db, query);
  }

  countsByState(): Promise<Record<string, number>> {
    return downloadStateCounts(this.db);
  }

  async finishedSince(since: Date): Promise<{ done: number; failed: number; speed: number }> {
    const [r]: { done: string; failed: string; speed: string | null }[] = await this.db.query(
      `SELECT count(*) FILTER (WHERE state = 'done' AND finished_at >= $1) AS done,
              count(*) FILTER (WHERE state = 'failed' AND finished_at >= $1) AS failed,
              (SELECT sum(speed) FROM downloads WHERE state = 'downloading') AS speed
         FROM downloads WHERE finished_at >= $1`,
      [since],
    );
    return { done: Number(r?.done ?? 0), failed: Number(r?.failed ?? 0), speed: Number(r?.speed ?? 0) };
  }

  async nextPosition(m: EntityManager = this.db.manager): Promise<number> {
    const [r]: { p: number | null }[] = await m.query(`SELECT max(position) AS p FROM downloads`);
    return Math.floor(r?.p ?? 0) + 1;
  }

  async positionBounds(priority: number): Promise<{ min: number | null; max: number | null }> {
    const [r]: { min: number | null; max: number | null }[] = await this.db.query(
      `SELECT min(position) AS min, max(position) AS max FROM downloads WHERE priority = $1 AND state NOT IN ${FINISHED}`,
      [priority],
    );
    return { min: r?.min ?? null, max: r?.max ?? null };
  }

  /** The open item just ahead of `position` within a priority (for "move before"). */
  async previousPosition(priority: number, position: number): Promise<number | null> {
    const [r]: { p: number | null }[] = await this.db.query(
      `SELECT max(position) AS p FROM downloads WHERE priority = $1 AND position < $2 AND state NOT IN ${FINISHED}`,
      [priority, position],
    );
    return r?.p ?? null;
  }

  async maxOpenPriority(): Promise<number> {
    const [r]: { p: number | null }[] = await this.db.query(`SELECT max(priority) AS p FROM downloads WHERE state NOT IN ${FINISHED}`);
    return r?.p ?? 0;
  }

  /**
   * Inserts downloads at the end of the queue; rows whose wanted track already has an open download are
   * skipped by the unique partial index (a concurrent request cannot double them).
   */
  async insertMany(values: NewDownload[]): Promise<DownloadEntity[]> {
    if (!values.length) return [];
    return this.db.transaction(async (m) => {
      let position = await this.nextPosition(m);
      const created: DownloadEntity[] = [];
      for (let i = 0; i < values.length; i += 500) {
        const chunk = values.slice(i, i + 500).map((v) => ({
          state: 'wanted' as const,
          priority: v.priority,
          position: position++,
          wantedTrackId: v.wantedTrackId ?? null,
          searchId: v.searchId ?? null,
          pinnedCandidateId: v.pinnedCandidateId ?? null,
          artist: v.artist,
          title: v.title,
          album: v.album,
          durationMs: v.durationMs,
          profile: v.profile,
        }));
        const res = await m
          .createQueryBuilder()
          .insert()
          .into(DownloadEntity)
          .values(chunk)
          .orIgnore()
          .returning('id')
          .execute();
        const ids = (res.raw as { id: string }[]).map((r) => r.id);
        if (ids.length) created.push(...(await m.find(DownloadEntity, { where: { id: In(ids) }, order: { position: 'ASC' } })));
      }
      return created;
    });
  }

  /** The unfinished download pinned to this search result, if any. */
  openPinnedTo(candidateId: string): Promise<DownloadEntity | null> {
    return this.rows.createQueryBuilder('d').where('d.pinned_candidate_id = :candidateId', { candidateId }).andWhere(`d.state NOT IN ${FINISHED}`).getOne();
  }

  /** Wanted tracks that already have an open or a done download. */
  async wantedWithDownload(wantedTrackIds: string[]): Promise<Set<string>> {
    if (!wantedTrackIds.length) return new Set();
    const rows: { id: string }[] = await this.db.query(
      `SELECT DISTINCT wanted_track_id AS id FROM downloads WHERE wanted_track_id = ANY($1) AND state NOT IN ('failed','cancelled')`,
      [wantedTrackIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  wantedTracks(ids: string[]): Promise<WantedTrackEntity[]> {
    return ids.length ? this.db.getRepository(WantedTrackEntity).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** The tracks a list currently names, in list order. */
  async sourceTracks(sourceId: string): Promise<WantedTrackEntity[]> {
    return this.db
      .getRepository(WantedTrackEntity)
      .createQueryBuilder('w')
      .innerJoin(SourceEntryEntity, 'e', 'e.wanted_track_id = w.id AND e.source_id = :sourceId AND e.removed_at IS NULL', { sourceId })
      .orderBy('e.position', 'ASC')
      .getMany();
  }

  async sourceExists(sourceId: string): Promise<boolean> {
    return (await this.sourceProfile(sourceId)) !== undefined;
  }

  /** The list's quality profile override: undefined when the list does not exist, null when it has none. */
  async sourceProfile(sourceId: string): Promise<string | null | undefined> {
    const rows: { profile: string | null }[] = await this.db.query(`SELECT profile FROM list_sources WHERE id = $1`, [sourceId]);
    return rows.length ? rows[0].profile : undefined;
  }

  static readonly TRANSFER_STATES = TRANSFER_STATES;
}
