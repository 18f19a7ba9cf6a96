import {
  ACTIVE_DOWNLOAD_STATES,
  FINISHED_DOWNLOAD_STATES,
  type Download,
  type DownloadAction,
  type DownloadFailureReason,
  type DownloadState,
  type Page,
} from '@soulspot/shared/contracts';
import type { BadgeTone } from '../../ui/status-badge';

/** The page's state filters; each maps to the states the list API is asked for. */
export type DownloadFilter = 'active' | 'queued' | 'failed' | 'done' | 'all';
export const DOWNLOAD_FILTERS: readonly DownloadFilter[] = ['active', 'queued', 'failed', 'done', 'all'];

export const FILTER_STATES: Record<DownloadFilter, readonly DownloadState[]> = {
  // The engine is working on these: searching, waiting in a peer's queue, transferring, verifying.
  active: ACTIVE_DOWNLOAD_STATES,
  // Waiting for SoulSpot to start them (a free slot, a back-off) or held by the user.
  queued: ['wanted', 'paused'],
  failed: ['failed'],
  done: ['done'],
  all: [],
};

export const FILTER_LABELS: Record<DownloadFilter, string> = {
  active: 'Active',
  queued: 'Queued',
  failed: 'Failed',
  done: 'Done',
  all: 'All',
};

export function parseFilter(value: string | null | undefined): DownloadFilter {
  return DOWNLOAD_FILTERS.includes(value as DownloadFilter) ? (value as DownloadFilter) : 'all';
}

export const STATE_LABELS: Record<DownloadState, string> = {
  wanted: 'Waiting',
  searching: 'Searching',
  queued: 'In peer queue',
  downloading: 'Downloading',
  verifying: 'Verifying',
  done: 'Done',
  failed: 'Failed',
  paused: 'Paused',
  cancelled: 'Cancelled',
};

export const STATE_TONES: Record<DownloadState, BadgeTone> = {
  wanted: 'neutral',
  searching: 'pending',
  queued: 'pending',
  downloading: 'pending',
  verifying: 'pending',
  done: 'ok',
  failed: 'error',
  paused: 'warn',
  cancelled: 'neutral',
};

export const REASON_LABELS: Record<DownloadFailureReason, string> = {
  no_candidates: 'No acceptable file found',
  all_candidates_failed: 'Every candidate failed',
  search_failed: 'Search failed',
  user_offline: 'Peer offline',
  rejected: 'Peer refused the file',
  enqueue_timeout: 'Peer never answered',
  remote_queue_timeout: 'Stuck in the peer’s queue',
  stalled: 'Transfer stalled',
  too_slow: 'Too slow (hard time limit)',
  transfer_errored: 'Transfer error',
  transfer_timed_out: 'Transfer timed out',
  transfer_lost: 'Transfer vanished from slskd',
  verification_failed: 'File failed verification (quarantined)',
  file_missing: 'File not found in the downloads folder',
  blocklisted: 'Blocklisted',
  slskd_error: 'slskd error',
};

export function reasonLabel(reason: DownloadFailureReason | null): string {
  return reason ? (REASON_LABELS[reason] ?? reason) : '';
}

const FINISHED = new Set<DownloadState>(FINISHED_DOWNLOAD_STATES);

export function isFinished(state: DownloadState): boolean {
  return FINISHED.has(state);
}

/** Which per-item actions make sense for a state (the server has the final word and says why it skips). */
export function allowedActions(state: DownloadState): readonly DownloadAction[] {
  switch (state) {
    case 'wanted':
    case 'searching':
    case 'queued':
    case 'downloading':
      return ['pause', 'cancel', 'prioritize'];
    case 'verifying':
      return ['cancel'];
    case 'paused':
      return ['resume', 'cancel', 'prioritize'];
    case 'failed':
    case 'cancelled':
      return ['retry', 'remove'];
    case 'done':
      return ['remove'];
  }
}

/** Does a row belong to the list being shown (state filter and text search)? */
export function matchesView(d: Download, filter: DownloadFilter, q: string): boolean {
  const states = FILTER_STATES[filter];
  if (states.length && !states.includes(d.state)) return false;
  if (!q.trim()) return true;
  const wanted = words(q);
  // Punctuation only: the server finds nothing either.
  if (!wanted.length) return false;
  // As the server searches: every typed word starts a word of artist, title, album or file name.
  const have = words([d.artist, d.title, d.album ?? '', d.filename ?? ''].join(' '));
  return wanted.every((w) => have.some((h) => h.startsWith(w)));
}

function words(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * The server's order: unfinished rows first by priority (high first) then queue position; history after,
 * newest finished first.
 */
export function compareDownloads(a: Download, b: Download): number {
  const fa = isFinished(a.state);
  const fb = isFinished(b.state);
  if (fa !== fb) return fa ? 1 : -1;
  if (!fa) return b.priority - a.priority || a.position - b.position;
  return (b.finishedAt ?? b.updatedAt).localeCompare(a.finishedAt ?? a.updatedAt);
}

export interface DownloadsView {
  filter: DownloadFilter;
  q: string;
}

/**
 * Applies a live `download.updated` to the page on screen: a row that still belongs is patched in place
 * (and re-sorted), one that no longer matches the filter leaves, a new one enters page 1 where it sorts.
 * Rows belonging to other pages are only counted.
 */
export function applyUpdate(page: Page<Download>, d: Download, view: DownloadsView): Page<Download> {
  const index = page.items.findIndex((x) => x.id === d.id);
  const belongs = matchesView(d, view.filter, view.q);
  if (index >= 0) {
    if (!belongs) return { ...page, items: page.items.filter((x) => x.id !== d.id), total: Math.max(0, page.total - 1) };
    const items = page.items.map((x) => (x.id === d.id ? d : x));
    return { ...page, items: [...items].sort(compareDownloads) };
  }
  if (!belongs) return page;
  if (page.page !== 1) return { ...page, total: page.total + 1 };
  const items = [...page.items, d].sort(compareDownloads);
  // A full first page keeps its size: the row pushed off now lives on page 2.
  return { ...page, items: items.slice(0, page.pageSize), total: page.total + 1 };
}

export function applyRemoval(page: Page<Download>, id: string): Page<Download> {
  if (!page.items.some((x) => x.id === id)) return page;
  return { ...page, items: page.items.filter((x) => x.id !== id), total: Math.max(0, page.total - 1) };
}

/** The ids still on screen, so a selection never acts on rows the user can no longer see. */
export function pruneSelection(selected: ReadonlySet<string>, page: Page<Download>): Set<string> {
  const visible = new Set(page.items.map((d) => d.id));
  return new Set([...selected].filter((id) => visible.has(id)));
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB"; binary multiples, one decimal below 10. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatSpeed(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? `${formatBytes(bytesPerSecond)}/s` : '—';
}

/** 45 → "45 s", 185 → "3 min 5 s", 3720 → "1 h 2 min". */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return rest ? `${Math.floor(s / 60)} min ${rest} s` : `${s / 60} min`;
  }
  const minutes = Math.round((s % 3600) / 60);
  return minutes ? `${Math.floor(s / 3600)} h ${minutes} min` : `${Math.floor(s / 3600)} h`;
}

/** The last path segment of a peer's file (Windows or POSIX separators). */
export function basename(path: string | null): string {
  if (!path) return '';
  return path.split(/[\\/]/).pop() ?? path;
}
