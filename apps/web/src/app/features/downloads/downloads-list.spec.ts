import type { Download, Page } from '@soulspot/shared/contracts';
import { download } from '../../../testing/download-fixtures';
import {
  allowedActions,
  applyRemoval,
  applyUpdate,
  compareDownloads,
  formatBytes,
  formatEta,
  formatSpeed,
  matchesView,
  parseFilter,
  pruneSelection,
} from './downloads-list';

const page = (items: Download[], over: Partial<Page<Download>> = {}): Page<Download> => ({ items, total: items.length, page: 1, pageSize: 50, ...over });
const ids = (p: Page<Download>) => p.items.map((d) => d.id);

describe('downloads list logic', () => {
  const a = download({ id: 'a', state: 'downloading', position: 1, percent: 10 });
  const b = download({ id: 'b', state: 'queued', position: 2 });
  const c = download({ id: 'c', state: 'wanted', position: 3 });

  it('patches a row in place when it still matches the filter', () => {
    const next = applyUpdate(page([a, b, c]), { ...a, percent: 55, speed: 2_000_000 }, { filter: 'active', q: '' });
    expect(ids(next)).toEqual(['a', 'b', 'c']);
    expect(next.items[0]?.percent).toBe(55);
    expect(next.total).toBe(3);
  });

  it('drops a row that leaves the filter (downloading → done under Active) and counts it out', () => {
    const next = applyUpdate(page([a, b]), { ...a, state: 'done', finishedAt: '2026-01-01T10:05:00Z' }, { filter: 'active', q: '' });
    expect(ids(next)).toEqual(['b']);
    expect(next.total).toBe(1);
  });

  it('inserts a new matching row on page 1 where the server would sort it, keeping the page size', () => {
    const urgent = download({ id: 'u', state: 'queued', priority: 5, position: 9 });
    const full = page([a, b], { pageSize: 2, total: 7 });
    const next = applyUpdate(full, urgent, { filter: 'active', q: '' });
    expect(ids(next)).toEqual(['u', 'a']);
    expect(next.total).toBe(8);
  });

  it('only counts a new row when another page is shown, and ignores rows outside the filter or search', () => {
    const onPage2 = applyUpdate(page([a], { page: 2, total: 60 }), download({ id: 'n', state: 'queued' }), { filter: 'active', q: '' });
    expect(ids(onPage2)).toEqual(['a']);
    expect(onPage2.total).toBe(61);
    const wrongState = applyUpdate(page([a]), download({ id: 'n', state: 'failed' }), { filter: 'active', q: '' });
    expect(wrongState.items).toHaveLength(1);
    const wrongText = applyUpdate(page([a]), download({ id: 'n', state: 'queued', artist: 'Other', title: 'Song' }), { filter: 'all', q: 'velvet' });
    expect(wrongText.total).toBe(1);
  });

  it('re-sorts when a reorder moves a row up', () => {
    const next = applyUpdate(page([a, b, c]), { ...c, position: 0 }, { filter: 'all', q: '' });
    expect(ids(next)).toEqual(['c', 'a', 'b']);
  });

  it('removes a row on download.removed, once', () => {
    const once = applyRemoval(page([a, b]), 'a');
    expect(ids(once)).toEqual(['b']);
    expect(applyRemoval(once, 'a')).toBe(once);
    expect(once.total).toBe(1);
  });

  it('orders unfinished by priority then position, history newest first', () => {
    const done1 = download({ id: 'd1', state: 'done', finishedAt: '2026-01-01T09:00:00Z' });
    const done2 = download({ id: 'd2', state: 'failed', finishedAt: '2026-01-01T11:00:00Z' });
    const high = download({ id: 'h', priority: 3, position: 50 });
    expect([done1, c, done2, a, high].sort(compareDownloads).map((d) => d.id)).toEqual(['h', 'a', 'c', 'd2', 'd1']);
  });

  it('matches the text search as the server does: every word starts a word of artist, title, album or file name', () => {
    const d = download({ id: 'x', username: 'FlacVault', filename: '@@x\\Music\\02 - Runaway.flac' });
    expect(matchesView(d, 'all', 'VELVET fox')).toBe(true);
    expect(matchesView(d, 'all', 'neon')).toBe(true);
    expect(matchesView(d, 'all', '02 - run')).toBe(true);
    expect(matchesView(d, 'all', 'elvet')).toBe(false);
    expect(matchesView(d, 'all', 'flacvault')).toBe(false);
    expect(matchesView(d, 'all', 'velvet metallica')).toBe(false);
    expect(matchesView(d, 'all', ' - ')).toBe(false);
    expect(matchesView(d, 'all', '  ')).toBe(true);
    expect(matchesView(d, 'queued', '')).toBe(true);
    expect(matchesView({ ...d, state: 'paused' }, 'queued', '')).toBe(true);
    expect(matchesView(d, 'done', '')).toBe(false);
  });

  it('keeps only selected ids that are still on screen', () => {
    expect([...pruneSelection(new Set(['a', 'gone']), page([a, b]))]).toEqual(['a']);
  });

  it('offers actions that fit the state', () => {
    expect(allowedActions('downloading')).toEqual(['pause', 'cancel', 'prioritize']);
    expect(allowedActions('paused')).toContain('resume');
    expect(allowedActions('failed')).toEqual(['retry', 'remove']);
    expect(allowedActions('done')).toEqual(['remove']);
  });

  it('reads unknown filters as All', () => {
    expect(parseFilter('failed')).toBe('failed');
    expect(parseFilter('bogus')).toBe('all');
    expect(parseFilter(undefined)).toBe('all');
  });

  it('formats sizes, speeds and ETAs for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(31_457_280)).toBe('30 MB');
    expect(formatBytes(null)).toBe('—');
    expect(formatSpeed(2_621_440)).toBe('2.5 MB/s');
    expect(formatSpeed(0)).toBe('—');
    expect(formatEta(45)).toBe('45 s');
    expect(formatEta(185)).toBe('3 min 5 s');
    expect(formatEta(120)).toBe('2 min');
    expect(formatEta(3720)).toBe('1 h 2 min');
    expect(formatEta(null)).toBe('—');
  });
});
