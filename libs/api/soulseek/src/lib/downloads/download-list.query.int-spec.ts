import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@soulspot/api/database';
import { createTestDatabase } from '@soulspot/api/testing';
import type { DownloadState } from '@soulspot/shared/contracts';
import { DownloadAttemptEntity } from '../entities/download-attempt.entity';
import { DownloadEntity } from '../entities/download.entity';
import { compactStateCounts, downloadStateCounts, pageDownloads, toPrefixTsQuery } from './download-list.query';

jest.setTimeout(60_000);

/* The Downloads list query and the trigger-maintained state counters, against the real PostgreSQL. */

let db: DataSource;
let drop: () => Promise<void>;

async function insert(rows: { state: DownloadState; priority?: number; position: number; title: string; artist?: string; finishedSecondsAgo?: number }[]): Promise<void> {
  for (const r of rows) {
    await db.query(
      `INSERT INTO downloads (state, priority, position, artist, title, profile, finished_at)
       VALUES ($1, $2, $3, $4, $5, 'balanced', CASE WHEN $6::int IS NULL THEN NULL ELSE now() - ($6::int || ' seconds')::interval END)`,
      [r.state, r.priority ?? 0, r.position, r.artist ?? 'Artist', r.title, r.finishedSecondsAgo ?? null],
    );
  }
}

const titles = (page: { items: DownloadEntity[] }) => page.items.map((d) => d.title);
const exactCounts = async () =>
  Object.fromEntries(((await db.query(`SELECT state, count(*)::int AS n FROM downloads GROUP BY state`)) as { state: string; n: number }[]).map((r) => [r.state, r.n]));
const nonZero = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([, n]) => n !== 0));

beforeAll(async () => {
  const t = await createTestDatabase('download_list');
  drop = t.drop;
  db = new DataSource(buildDataSourceOptions({ url: t.url, entities: [DownloadEntity, DownloadAttemptEntity] }));
  await db.initialize();
});
afterAll(async () => {
  await db?.destroy();
  await drop?.();
});
beforeEach(async () => {
  await db.query('TRUNCATE downloads CASCADE');
});

describe('pageDownloads', () => {
  beforeEach(async () => {
    await insert([
      { state: 'wanted', position: 2, title: 'q-low-2' },
      { state: 'queued', position: 1, title: 'q-low-1' },
      { state: 'downloading', priority: 5, position: 9, title: 'q-high' },
      { state: 'paused', position: 3, title: 'q-low-3' },
      { state: 'done', position: 4, title: 'h-old', finishedSecondsAgo: 300 },
      { state: 'failed', position: 5, title: 'h-new', finishedSecondsAgo: 10 },
      { state: 'cancelled', position: 6, title: 'h-mid', finishedSecondsAgo: 100 },
    ]);
  });

  it('lists the queue (priority, then position) before the history (newest first), across page boundaries', async () => {
    const all = await pageDownloads(db, { states: [], page: 1, pageSize: 50 });
    expect(titles(all)).toEqual(['q-high', 'q-low-1', 'q-low-2', 'q-low-3', 'h-new', 'h-mid', 'h-old']);
    expect(all.total).toBe(7);
    const pages = await Promise.all([1, 2, 3].map((page) => pageDownloads(db, { states: [], page, pageSize: 3 })));
    expect(pages.map(titles)).toEqual([['q-high', 'q-low-1', 'q-low-2'], ['q-low-3', 'h-new', 'h-mid'], ['h-old']]);
    expect(pages.every((p) => p.total === 7)).toBe(true);
  });

  it('filters by state, with totals from the counters', async () => {
    const history = await pageDownloads(db, { states: ['done', 'failed'], page: 1, pageSize: 50 });
    expect(titles(history)).toEqual(['h-new', 'h-old']);
    expect(history.total).toBe(2);
    const active = await pageDownloads(db, { states: ['queued', 'downloading'], page: 1, pageSize: 50 });
    expect(titles(active)).toEqual(['q-high', 'q-low-1']);
    expect(active.total).toBe(2);
    const mixed = await pageDownloads(db, { states: ['paused', 'cancelled'], page: 1, pageSize: 1 });
    expect(titles(mixed)).toEqual(['q-low-3']);
    expect(mixed.total).toBe(2);
  });

  it('searches words by prefix over artist, title, album and file name; hostile input is just words', async () => {
    await insert([{ state: 'wanted', position: 10, title: 'Comfortably Numb', artist: 'Pink Floyd' }, { state: 'done', position: 11, title: 'Numb', artist: 'Linkin Park', finishedSecondsAgo: 1 }]);
    expect(titles(await pageDownloads(db, { states: [], q: 'pink flo', page: 1, pageSize: 50 }))).toEqual(['Comfortably Numb']);
    const numb = await pageDownloads(db, { states: [], q: 'NUMB', page: 1, pageSize: 50 });
    expect(titles(numb)).toEqual(['Comfortably Numb', 'Numb']);
    expect(numb.total).toBe(2);
    expect(titles(await pageDownloads(db, { states: ['done'], q: 'numb', page: 1, pageSize: 50 }))).toEqual(['Numb']);
    for (const q of [`'); DROP TABLE downloads; --`, '!!! & | :*', 'a:* | b']) {
      await expect(pageDownloads(db, { states: [], q, page: 1, pageSize: 50 })).resolves.toBeDefined();
    }
    expect((await pageDownloads(db, { states: [], q: '!!!', page: 1, pageSize: 50 })).total).toBe(0);
    expect(toPrefixTsQuery('Björk – Jóga')).toBe('björk:* & jóga:*');
  });

  it('uses the partial and GIN indexes rather than sorting or scanning the table', async () => {
    await db.query(`SET enable_seqscan = off`);
    try {
      const plan = async (sql: string) => ((await db.query(`EXPLAIN ${sql}`)) as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
      expect(await plan(`SELECT * FROM downloads d WHERE d.state NOT IN ('done', 'failed', 'cancelled') ORDER BY d.priority DESC, d.position ASC, d.id ASC LIMIT 50`)).toContain('IDX_downloads_open_order');
      expect(await plan(`SELECT * FROM downloads d WHERE d.state IN ('done', 'failed', 'cancelled') ORDER BY d.finished_at DESC NULLS LAST, d.id DESC LIMIT 50`)).toContain('IDX_downloads_history');
      expect(
        await plan(
          `SELECT * FROM downloads d WHERE to_tsvector('simple'::regconfig, coalesce(d.artist, '') || ' ' || coalesce(d.title, '') || ' ' || coalesce(d.album, '') || ' ' || coalesce(d.filename, '')) @@ to_tsquery('simple', 'numb:*')`,
        ),
      ).toContain('IDX_downloads_search');
    } finally {
      await db.query(`RESET enable_seqscan`);
    }
  });
});

describe('downloadStateCounts', () => {
  it('follows inserts, state changes, deletes, truncation and compaction exactly', async () => {
    await insert(Array.from({ length: 30 }, (_, i) => ({ state: (['wanted', 'queued', 'done'] as const)[i % 3], position: i, title: `t${i}` })));
    expect(nonZero(await downloadStateCounts(db))).toEqual(await exactCounts());
    await db.query(`UPDATE downloads SET state = 'downloading' WHERE state = 'queued'`);
    await db.query(`UPDATE downloads SET title = 'renamed' WHERE state = 'wanted'`); // no state change: no counter rows
    await db.query(`DELETE FROM downloads WHERE position < 6`);
    expect(nonZero(await downloadStateCounts(db))).toEqual(await exactCounts());
    await compactStateCounts(db);
    expect(nonZero(await downloadStateCounts(db))).toEqual(await exactCounts());
    expect(Number((await db.query(`SELECT count(*) AS n FROM download_state_counts`))[0].n)).toBeLessThanOrEqual(3);
    await db.query('TRUNCATE downloads CASCADE');
    expect(nonZero(await downloadStateCounts(db))).toEqual({});
  });

  it('stays exact under concurrent transactions moving rows between states (append-only, no lock waits)', async () => {
    await insert(Array.from({ length: 40 }, (_, i) => ({ state: 'wanted' as const, position: i, title: `c${i}` })));
    const ids = ((await db.query(`SELECT id FROM downloads ORDER BY position`)) as { id: string }[]).map((r) => r.id);
    await Promise.all(
      ids.map((id, i) =>
        db.transaction(async (m) => {
          await m.query(`UPDATE downloads SET state = $2 WHERE id = $1`, [id, i % 2 ? 'queued' : 'done']);
          await m.query(`UPDATE downloads SET state = $2 WHERE id = $1`, [ids[(i + 7) % ids.length], 'downloading']);
        }),
      ),
    );
    expect(nonZero(await downloadStateCounts(db))).toEqual(await exactCounts());
  });
});
