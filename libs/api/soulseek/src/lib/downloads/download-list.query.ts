import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { FINISHED_DOWNLOAD_STATES, type DownloadState, type Page } from '@soulspot/shared/contracts';
import { DownloadEntity } from '../entities/download.entity';

export interface DownloadListQuery {
  states: DownloadState[];
  q?: string;
  page: number;
  pageSize: number;
}

/**
 * The words a user typed, as a prefix query over artist/title/album/file name ("pink flo" finds Pink
 * Floyd). Only letters and digits reach `to_tsquery`, so no input can break its syntax.
 */
export function toPrefixTsQuery(q: string): string | null {
  const words = q
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/** Must stay identical to the expression of IDX_downloads_search (migration DownloadListIndexes). */
export const DOWNLOAD_SEARCH_VECTOR = `to_tsvector('simple'::regconfig, coalesce(d.artist, '') || ' ' || coalesce(d.title, '') || ' ' || coalesce(d.album, '') || ' ' || coalesce(d.filename, ''))`;

/**
 * Rows per state, from the append-only counter table the `downloads` trigger fills (migration
 * DownloadListIndexes). Folds the table back to one row per state once it has grown, so reads stay a
 * sum over a handful of rows.
 */
export async function downloadStateCounts(db: DataSource): Promise<Record<string, number>> {
  const rows: { state: string; n: string; parts: string }[] = await db.query(`SELECT state, sum(n) AS n, count(*) AS parts FROM download_state_counts GROUP BY state`);
  if (rows.reduce((k, r) => k + Number(r.parts), 0) > COMPACT_AFTER) await compactStateCounts(db);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Concurrent compactions are safe: a row deleted by one is skipped by the other (READ COMMITTED). */
export async function compactStateCounts(db: DataSource): Promise<void> {
  await db.query(
    `WITH gone AS (DELETE FROM download_state_counts RETURNING state, n)
     INSERT INTO download_state_counts (state, n) SELECT state, sum(n) FROM gone GROUP BY state HAVING sum(n) <> 0`,
  );
}

const COMPACT_AFTER = 2_000;

const OPEN = `d.state NOT IN ('done', 'failed', 'cancelled')`;
const DONE = `d.state IN ('done', 'failed', 'cancelled')`;

/**
 * One page of the Downloads list, built to stay fast with 100,000+ rows of history:
 * * open items (the queue) come first, by priority then position — served by the partial index
 *   IDX_downloads_open_order, so the queue is never sorted together with the history;
 * * finished items follow, newest first — served by IDX_downloads_history (state, finished_at, id);
 * * text search goes through the GIN index IDX_downloads_search instead of scanning every row;
 * * totals come from the per-state counters (downloadStateCounts), or one `count(*) FILTER` pass over the
 *   search hits (TypeORM's getManyAndCount counts DISTINCT ids, which hashes the table).
 */
export async function pageDownloads(db: DataSource, query: DownloadListQuery): Promise<Page<DownloadEntity>> {
  const { page, pageSize } = query;
  const offset = (page - 1) * pageSize;
  const states = query.states;
  const wantsOpen = states.length === 0 || states.some((s) => !FINISHED_DOWNLOAD_STATES.includes(s));
  const wantsFinished = states.length === 0 || states.some((s) => FINISHED_DOWNLOAD_STATES.includes(s));
  const tsq = query.q?.trim() ? toPrefixTsQuery(query.q) : null;
  if (query.q?.trim() && !tsq) return { items: [], total: 0, page, pageSize };

  const base = (part: 'open' | 'finished'): SelectQueryBuilder<DownloadEntity> => {
    const qb = db.getRepository(DownloadEntity).createQueryBuilder('d').where(part === 'open' ? OPEN : DONE);
    if (states.length) qb.andWhere('d.state IN (:...states)', { states });
    if (tsq) qb.andWhere(`${DOWNLOAD_SEARCH_VECTOR} @@ to_tsquery('simple'::regconfig, :tsq)`, { tsq });
    return qb;
  };

  const openRows = (skip: number, take: number) =>
    base('open').orderBy('d.priority', 'DESC').addOrderBy('d.position', 'ASC').addOrderBy('d.id', 'ASC').offset(skip).limit(take).getMany();
  const finishedRows = (skip: number, take: number) =>
    base('finished').orderBy('d.finished_at', 'DESC', 'NULLS LAST').addOrderBy('d.id', 'DESC').offset(skip).limit(take).getMany();

  let openTotal: number;
  let finishedTotal: number;
  if (tsq) {
    // One pass over the search hits counts both parts (the GIN lookup is the expensive bit, not the split).
    const qb = db.getRepository(DownloadEntity).createQueryBuilder('d').where(`${DOWNLOAD_SEARCH_VECTOR} @@ to_tsquery('simple'::regconfig, :tsq)`, { tsq });
    if (states.length) qb.andWhere('d.state IN (:...states)', { states });
    const row = await qb.select(`count(*) FILTER (WHERE ${OPEN})`, 'open').addSelect(`count(*) FILTER (WHERE ${DONE})`, 'finished').getRawOne<{ open: string; finished: string }>();
    openTotal = wantsOpen ? Number(row?.open ?? 0) : 0;
    finishedTotal = wantsFinished ? Number(row?.finished ?? 0) : 0;
  } else {
    // Without a text filter the totals are the per-state counters: counting 100,000 rows of history on every page costs more than the page.
    const counts = await downloadStateCounts(db);
    const asked = (s: string) => states.length === 0 || states.includes(s as DownloadState);
    const sum = (finished: boolean) =>
      Object.entries(counts)
        .filter(([s]) => asked(s) && FINISHED_DOWNLOAD_STATES.includes(s as DownloadState) === finished)
        .reduce((n, [, c]) => n + Math.max(0, c), 0);
    openTotal = wantsOpen ? sum(false) : 0;
    finishedTotal = wantsFinished ? sum(true) : 0;
  }
  const items: DownloadEntity[] = [];
  if (offset < openTotal) items.push(...(await openRows(offset, Math.min(pageSize, openTotal - offset))));
  const left = pageSize - items.length;
  if (left > 0 && wantsFinished) items.push(...(await finishedRows(Math.max(0, offset - openTotal), left)));
  return { items, total: openTotal + finishedTotal, page, pageSize };
}
