import { lstat } from 'node:fs/promises';
import * as path from 'node:path';
import { findSlskdDownloadedFile, isPathInside, predictSlskdDownloadPath, splitRemotePath, UnsafePathError } from '../../clients/slskd-paths';
import type { SlskdDownloadCompleteEvent } from '../../clients/slskd.types';

/**
 * Finding the file slskd wrote for a transfer, on SoulSpot's side of the folder mapping. slskd's own
 * path (from the DownloadFileComplete event) is the truth, including `_<ticks>` renames; without an
 * event the predicted `<parent>/<file>` and its renames are looked up in the local downloads folder.
 */

export interface DownloadFolders {
  /** slskd's downloads folder as slskd sees it (may be empty: same path on both sides). */
  remote: string;
  /** The same folder as SoulSpot sees it. */
  local: string;
}

function isWindowsStyle(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/**
 * Maps a path slskd reported into the local folder, or null when it is not inside slskd's downloads
 * folder. Handles a Windows slskd (backslashes, case-insensitive drive paths) and never lets `..`
 * climb out: every segment below the root is kept verbatim and rejected if it is `.`/`..`.
 */
export function mapSlskdPath(slskdPath: string, folders: DownloadFolders): string | null {
  if (!slskdPath || slskdPath.includes('\0')) return null;
  const local = path.resolve(folders.local);
  const remote = folders.remote.trim();
  if (remote) {
    const windows = isWindowsStyle(remote) || isWindowsStyle(slskdPath);
    const norm = (p: string) => {
      const slashes = (windows ? p.replace(/\\/g, '/') : p).replace(/\/+$/, '');
      return windows ? slashes.toLowerCase() : slashes;
    };
    const root = norm(remote);
    const full = windows ? slskdPath.replace(/\\/g, '/') : slskdPath;
    if (root !== '' && norm(full).startsWith(`${root}/`)) {
      const rest = full.slice(root.length + 1);
      const segments = (windows ? splitRemotePath(rest) : rest.split('/').filter((s) => s !== ''));
      if (segments.length === 0 || segments.some((s) => s === '.' || s === '..')) return null;
      const mapped = path.join(local, ...segments);
      return isPathInside(local, mapped) ? mapped : null;
    }
  }
  // No mapping configured (or another root): slskd and SoulSpot may share the very same path.
  if (path.isAbsolute(slskdPath) && !slskdPath.split(/[\\/]/).includes('..') && isPathInside(local, slskdPath)) return path.resolve(slskdPath);
  return null;
}

export type LocateOutcome =
  | { kind: 'found'; path: string; via: 'event' | 'folder' }
  /** slskd says where it put the file, but that path is outside the mapped folder: a mapping problem. */
  | { kind: 'unmapped'; slskdPath: string }
  | { kind: 'not-yet'; slskdPath: string | null; expectedPath: string | null };

export interface LocateRequest {
  remoteFilename: string;
  transferId: string | null;
  requestedAt: Date;
  finalAttempt?: boolean;
}

/** Reads DownloadFileComplete events (newest first) until the transfer is found or events predate the request. */
export type CompleteEventSource = (page: { offset: number; limit: number }) => Promise<SlskdDownloadCompleteEvent[]>;

const EVENT_PAGE = 100;
const MAX_EVENT_PAGES = 5;

export interface CompleteEventLookup {
  event: SlskdDownloadCompleteEvent | null;
  /** slskd keeps completion events (any seen): a missing one means the file is not in place yet. */
  eventsKept: boolean;
}

export async function findCompleteEvent(source: CompleteEventSource, transferId: string, requestedAt: Date): Promise<CompleteEventLookup> {
  let eventsKept = false;
  for (let page = 0; page < MAX_EVENT_PAGES; page++) {
    const events = await source({ offset: page * EVENT_PAGE, limit: EVENT_PAGE });
    if (events.length > 0) eventsKept = true;
    const hit = events.find((e) => e.transferId === transferId);
    if (hit) return { event: hit, eventsKept };
    if (events.length < EVENT_PAGE) return { event: null, eventsKept };
    // Events come newest first; once they are older than the request (with clock slack) ours is not further back.
    const oldest = events[events.length - 1].timestamp.getTime();
    if (oldest > 0 && oldest < requestedAt.getTime() - 5 * 60_000) return { event: null, eventsKept };
  }
  // More completions since the request than we page through: let the folder decide.
  return { event: null, eventsKept: false };
}

async function isPresent(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

export async function locateDownloadedFile(req: LocateRequest, folders: DownloadFolders, events: CompleteEventSource | null): Promise<LocateOutcome> {
  let slskdPath: string | null = null;
  let trustEvents = false;
  if (req.transferId && events) {
    // slskd unreachable or an old version without events: the folder lookup below still works.
    const lookup = await findCompleteEvent(events, req.transferId, req.requestedAt).catch(() => ({ event: null, eventsKept: false }));
    trustEvents = lookup.eventsKept;
    if (lookup.event) {
      slskdPath = lookup.event.localFilename;
      const mapped = mapSlskdPath(slskdPath, folders);
      if (mapped === null) return { kind: 'unmapped', slskdPath };
      if (await isPresent(mapped)) return { kind: 'found', path: mapped, via: 'event' };
    }
  }
  let expectedPath: string | null = null;
  try {
    expectedPath = predictSlskdDownloadPath(folders.local, req.remoteFilename);
    // slskd raises the event after the move: without it, a same-named file in the folder is an older
    // download (two requests of one file in a row), unless this is the last try.
    if (trustEvents && slskdPath === null && !req.finalAttempt) return { kind: 'not-yet', slskdPath, expectedPath };
    const found = await findSlskdDownloadedFile(folders.local, req.remoteFilename, { notBefore: req.requestedAt });
    if (found) return { kind: 'found', path: found, via: 'folder' };
  } catch (error) {
    // A name slskd itself would refuse (`..` segments): there is nothing to look for on disk.
    if (!(error instanceof UnsafePathError)) throw error;
  }
  return { kind: 'not-yet', slskdPath, expectedPath };
}
