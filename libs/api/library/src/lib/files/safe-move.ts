import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { errnoCode, fsyncDir, fsyncFile, sha256File, withCollisionSuffix } from './fs-durable';

/*
 * safeMove: put a downloaded file into the library without ever losing it.
 *
 * Invariants
 * - The destination name is only ever created, never replaced: `link()` fails with EEXIST instead of
 *   overwriting (rename() would silently replace).
 * - The source is removed only after the destination is complete, fsynced, verified and its name is durable.
 * - Every intermediate state is repaired by simply running the same safeMove again (a job retry):
 *   - a leftover partial copy has a name derived from (source, destination), so the retry deletes it and starts over;
 *   - a destination that is byte-identical to the source (or the same inode) counts as done: only the source is removed;
 *   - a missing source with the destination present is reported as already moved.
 * Not designed for two concurrent moves of the same source; the job queue runs one per download.
 */

export type MoveStep =
  /** Destination folder exists and any partial from an interrupted run is gone. */
  | 'prepared'
  /** Same filesystem: the destination name now points at the source's inode. */
  | 'linked'
  /** Same filesystem without hard links: the source was renamed to the destination. */
  | 'renamed'
  /** Cross-device: content copied into the partial file. */
  | 'copied'
  /** Cross-device: partial file's data is on disk. */
  | 'synced'
  /** Cross-device: partial file's size (and hash) match the source. */
  | 'verified'
  /** Cross-device: partial file linked to its final name. */
  | 'placed'
  /** Cross-device: the partial name is gone (the final name keeps the data). */
  | 'partial-removed'
  /** The destination's folder entry is durable. */
  | 'dest-dir-synced'
  /** The source is gone; the move is complete. */
  | 'source-removed';

export interface SafeMoveOptions {
  /**
   * What to do when a *different* file already has the name: `rename` (default) tries
   * `Title (2).flac`, `Title (3).flac`, ...; `fail` throws {@link MoveCollisionError}.
   * An *identical* file (same bytes) is always treated as this move already done.
   */
  onDifferentFile?: 'rename' | 'fail';
  /** Copy mode even on the same filesystem (what a cross-device move does). */
  forceCopy?: boolean;
  /**
   * Default true: names are created with `link()`, which refuses to overwrite atomically. Set false
   * for filesystems without hard links (some SMB/NFS/FAT mounts; also detected automatically): then
   * `rename()` is used after checking the name is free, which leaves a tiny window in which a file
   * created by *another* program at that very moment could be replaced.
   */
  hardLinks?: boolean;
  /** Cross-device copies are compared by SHA-256 as well as size. Default true. */
  verifyHash?: boolean;
  /** Called after each completed step; a test throws here to simulate a crash at that point. */
  onStep?: (step: MoveStep) => void;
  /** Upper bound for `(n)` suffixes. */
  maxCollisions?: number;
  /**
   * SHA-256 of the source recorded before the move. Only used when a retry finds the source already
   * gone: it picks the right file among `Title.flac`, `Title (2).flac`, ... Without it the plain
   * name is reported and `possiblePaths` lists every candidate.
   */
  expectedSha256?: string;
}

export interface SafeMoveResult {
  /** Where the file is now. */
  path: string;
  /**
   * `moved`: this call moved it; `already-present`: an identical file was there, the source was
   * removed; `source-already-moved`: source gone, destination present (a previous run finished).
   */
  outcome: 'moved' | 'already-present' | 'source-already-moved';
  method: 'link' | 'rename' | 'copy' | 'none';
  bytes: number;
  /** Only for `source-already-moved` without `expectedSha256` when several numbered names exist. */
  possiblePaths?: string[];
}

export class MoveCollisionError extends Error {
  constructor(readonly destination: string) {
    super(`A different file already exists at "${destination}"`);
    this.name = 'MoveCollisionError';
  }
}

export class MoveSourceError extends Error {
  constructor(readonly source: string, reason: string) {
    super(`Cannot move "${source}": ${reason}`);
    this.name = 'MoveSourceError';
  }
}

/** Name of the partial file for this (source, destination) pair; stable across retries. */
export function partialPathFor(source: string, destDir: string, fileName: string): string {
  const key = createHash('sha256').update(`${resolve(source)}\0${resolve(destDir, fileName)}`).digest('hex').slice(0, 20);
  return join(resolve(destDir), `.soulspot-partial-${key}`);
}

export async function safeMove(source: string, destDir: string, fileName: string, options: SafeMoveOptions = {}): Promise<SafeMoveResult> {
  assertPlainFileName(fileName);
  const src = resolve(source);
  const dir = resolve(destDir);
  const step = options.onStep ?? ((): void => undefined);
  const maxCollisions = options.maxCollisions ?? 999;

  const srcStat = await lstat(src).catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  });
  if (!srcStat) return alreadyMoved(src, dir, fileName, maxCollisions, options.expectedSha256);
  if (!srcStat.isFile()) throw new MoveSourceError(src, 'it is not a regular file');

  await mkdir(dir, { recursive: true });
  const partial = partialPathFor(src, dir, fileName);
  await rm(partial, { force: true });
  step('prepared');

  let useCopy = options.forceCopy === true;
  const links = { enabled: options.hardLinks !== false };
  for (let index = 1; index <= maxCollisions; index++) {
    const candidate = join(dir, withCollisionSuffix(fileName, index));
    if (candidate === src) return { path: src, outcome: 'already-present', method: 'none', bytes: srcStat.size };

    // lstat: a dangling symlink or a folder with the name also occupies it.
    const existing = await lstat(candidate).catch(() => undefined);
    if (existing) {
      if (existing.isFile() && (await sameContent(src, candidate))) {
        await removeSource(src, step);
        return { path: candidate, outcome: 'already-present', method: 'none', bytes: existing.size };
      }
      if (options.onDifferentFile === 'fail') throw new MoveCollisionError(candidate);
      continue;
    }

    if (!useCopy) {
      const placed = await createName(src, candidate, links).catch((error: unknown) => {
        if (errnoCode(error) === 'EXDEV') return 'cross-device' as const;
        throw error;
      });
      // Taken between our check and now (another process): never examine it again in a loop, move on.
      if (placed === 'exists') continue;
      if (placed !== 'cross-device') {
        step(placed === 'linked' ? 'linked' : 'renamed');
        await fsyncDir(dir);
        step('dest-dir-synced');
        await removeSource(src, step);
        return { path: candidate, outcome: 'moved', method: placed === 'linked' ? 'link' : 'rename', bytes: srcStat.size };
      }
      useCopy = true;
    }

    const placed = await copyIntoPlace(src, partial, candidate, srcStat.size, options.verifyHash !== false, links, step);
    if (!placed) continue; // the name was taken while we copied; try the next one
    await removeSource(src, step);
    return { path: candidate, outcome: 'moved', method: 'copy', bytes: srcStat.size };
  }
  throw new MoveCollisionError(join(dir, withCollisionSuffix(fileName, maxCollisions)));
}

/** Returns false when `candidate` appeared meanwhile (the partial is removed again). */
async function copyIntoPlace(
  src: string,
  partial: string,
  candidate: string,
  size: number,
  verifyHash: boolean,
  links: { enabled: boolean },
  step: (s: MoveStep) => void,
): Promise<boolean> {
  const dir = dirname(candidate);
  await copyFile(src, partial, constants.COPYFILE_EXCL);
  step('copied');
  await fsyncFile(partial);
  await fsyncDir(dir);
  step('synced');
  const copied = await stat(partial);
  if (copied.size !== size) {
    await rm(partial, { force: true });
    throw new Error(`Copy of "${src}" has ${copied.size} bytes, expected ${size}; the source was kept`);
  }
  if (verifyHash && (await sha256File(src)) !== (await sha256File(partial))) {
    await rm(partial, { force: true });
    throw new Error(`Copy of "${src}" does not match the source (SHA-256); the source was kept`);
  }
  step('verified');
  const placed = await createName(partial, candidate, links);
  if (placed === 'exists') {
    await rm(partial, { force: true });
    return false;
  }
  step('placed');
  // After a rename the partial name is already gone; after a link both names share the data.
  if (placed === 'linked') await unlink(partial);
  step('partial-removed');
  await fsyncDir(dir);
  step('dest-dir-synced');
  return true;
}

type Placement = 'linked' | 'renamed' | 'exists';

const NO_HARD_LINKS = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS'];

/**
 * Gives `from`'s data the name `to` without ever replacing an existing `to`. Prefers `link()` (atomic
 * no-overwrite; `from` keeps existing); without hard links it renames after an existence check
 * (`from` is gone afterwards). Throws EXDEV when the two are on different filesystems.
 */
async function createName(from: string, to: string, links: { enabled: boolean }): Promise<Placement> {
  if (links.enabled) {
    try {
      await link(from, to);
      return 'linked';
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'EEXIST') return 'exists';
      if (!NO_HARD_LINKS.includes(code ?? '')) throw error;
      // Remember for the rest of this move so later candidates skip the failing call.
      links.enabled = false;
    }
  }
  if (await lstat(to).then(() => true, () => false)) return 'exists';
  await rename(from, to);
  return 'renamed';
}

async function removeSource(src: string, step: (s: MoveStep) => void): Promise<void> {
  await unlink(src).catch((error: unknown) => {
    if (errnoCode(error) !== 'ENOENT') throw error;
  });
  await fsyncDir(dirname(src));
  step('source-removed');
}

async function sameContent(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a), stat(b)]);
  if (sa.dev === sb.dev && sa.ino === sb.ino) return true;
  if (sa.size !== sb.size) return false;
  const [ha, hb] = await Promise.all([sha256File(a), sha256File(b)]);
  return ha === hb;
}

async function alreadyMoved(src: string, dir: string, fileName: string, maxCollisions: number, expectedSha256?: string): Promise<SafeMoveResult> {
  const found: Array<{ path: string; size: number }> = [];
  for (let index = 1; index <= maxCollisions; index++) {
    const path = join(dir, withCollisionSuffix(fileName, index));
    const existing = await stat(path).catch(() => undefined);
    if (!existing?.isFile()) break;
    found.push({ path, size: existing.size });
  }
  const done = (hit: { path: string; size: number }, possiblePaths?: string[]): SafeMoveResult => ({
    path: hit.path,
    outcome: 'source-already-moved',
    method: 'none',
    bytes: hit.size,
    ...(possiblePaths ? { possiblePaths } : {}),
  });
  if (expectedSha256) {
    for (const candidate of found) {
      if ((await sha256File(candidate.path)) === expectedSha256) return done(candidate);
    }
    throw new MoveSourceError(src, 'it does not exist and no file at the destination has the expected SHA-256');
  }
  if (found.length === 0) throw new MoveSourceError(src, 'it does not exist and nothing is at the destination');
  return done(found[0], found.length > 1 ? found.map((f) => f.path) : undefined);
}

function assertPlainFileName(fileName: string): void {
  if (!fileName || fileName === '.' || fileName === '..' || /[/\\\0]/.test(fileName) || Buffer.byteLength(fileName) > 255) {
    throw new Error(`"${fileName}" is not a plain file name; sanitise it with sanitizeFileName first`);
  }
}
