import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Remote Soulseek paths are chosen by strangers. These helpers turn them into local paths that can never
 * leave a given root, whatever the peer sends (`..`, absolute paths, drive letters, UNC prefixes, Windows
 * device names, control characters, names longer than the file system allows), and predict where slskd
 * itself put a finished download (contract §5).
 */

export class UnsafePathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafePathError';
  }
}

/** Most file systems (ext4, NTFS via UTF-16 aside, APFS) cap a single name at 255 bytes. */
export const MAX_SEGMENT_BYTES = 255;

/** Extensions longer than this are treated as part of the name when truncating. */
const MAX_EXTENSION_BYTES = 16;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i;

/** Splits a remote path on both separators, dropping empty segments (UNC `\\`, trailing separators). */
export function splitRemotePath(remote: string): string[] {
  return remote.split(/[\\/]+/).filter((segment) => segment.length > 0);
}

/** Cuts a name to `maxBytes` of UTF-8 without splitting a character, keeping a short extension. */
function truncateUtf8(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name, 'utf8') <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot) : '';
  const keepExt = ext !== '' && Buffer.byteLength(ext, 'utf8') <= MAX_EXTENSION_BYTES;
  const stem = keepExt ? name.slice(0, dot) : name;
  const budget = maxBytes - (keepExt ? Buffer.byteLength(ext, 'utf8') : 0);
  let out = '';
  let used = 0;
  for (const char of stem) {
    const size = Buffer.byteLength(char, 'utf8');
    if (used + size > budget) break;
    out += char;
    used += size;
  }
  return out + (keepExt ? ext : '');
}

export interface SanitizeOptions {
  /** Byte limit for the segment (default 255). */
  maxBytes?: number;
}

/**
 * Makes one path segment safe on Linux, macOS and Windows/SMB: no separators, no control or bidi
 * characters, no characters Windows forbids, no trailing dots/spaces, no `.`/`..`/empty, no device
 * names, and at most `maxBytes` UTF-8 bytes.
 */
export function sanitizePathSegment(segment: string, options: SanitizeOptions = {}): string {
  const maxBytes = Math.max(8, options.maxBytes ?? MAX_SEGMENT_BYTES);
  let s = segment.normalize('NFC');
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '_');
  // Bidi overrides can disguise an extension ("song\u202Egalf.exe"); zero-width chars hide differences.
  s = s.replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '');
  // Separators, Windows-forbidden characters and look-alike slashes that some tools fold into `/`.
  s = s.replace(/[<>:"/\\|?*\uff0f\uff3c\u2215\u2044\u29f8]/g, '_');
  s = s.replace(/^\s+/, '').replace(/[. ]+$/, '');
  if (s === '' || /^\.+$/.test(s)) s = '_';
  const stem = s.split('.')[0].trim();
  if (WINDOWS_RESERVED.test(stem)) s = `_${s}`;
  s = truncateUtf8(s, maxBytes).replace(/[. ]+$/, '');
  return s === '' ? '_' : s;
}

/** True when `candidate` is strictly inside `root` (lexically; see `isRealPathInside` for symlinks). */
export function isPathInside(root: string, candidate: string): boolean {
  const relative = path.relative(path.resolve(root), path.resolve(candidate));
  if (relative === '' || path.isAbsolute(relative)) return false;
  return relative !== '..' && !relative.startsWith(`..${path.sep}`);
}

export function assertPathInside(root: string, candidate: string): string {
  const resolved = path.resolve(candidate);
  if (!isPathInside(root, resolved)) throw new UnsafePathError(`path escapes ${root}: ${candidate}`);
  return resolved;
}

/**
 * Like `isPathInside`, but resolves symlinks of the existing part of both paths, so a link planted inside
 * the root that points elsewhere is caught.
 */
export async function isRealPathInside(root: string, candidate: string): Promise<boolean> {
  const realRoot = await fs.realpath(root);
  let existing = path.resolve(candidate);
  const rest: string[] = [];
  for (;;) {
    try {
      const real = await fs.realpath(existing);
      return isPathInside(realRoot, path.join(real, ...rest.reverse()));
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return false;
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}

/** Joins sanitized segments under `root` and proves the result stays inside it. */
export function safeJoin(root: string, segments: string[], options: SanitizeOptions = {}): string {
  if (segments.length === 0) throw new UnsafePathError('no path segments');
  const cleaned = segments.map((s) => sanitizePathSegment(s, options));
  return assertPathInside(root, path.join(path.resolve(root), ...cleaned));
}

export interface LocalPathOptions extends SanitizeOptions {
  /** How many trailing remote directories to keep (default 1, like slskd's `<parent>/<file>`). */
  keepDirectories?: number;
}

/** A safe local path for a remote file under `root`: `<root>/<last N remote dirs>/<file name>`. */
export function safeLocalPathForRemote(root: string, remoteFilename: string, options: LocalPathOptions = {}): string {
  const segments = splitRemotePath(remoteFilename);
  if (segments.length === 0) throw new UnsafePathError(`empty remote path: ${JSON.stringify(remoteFilename)}`);
  const keep = Math.max(0, options.keepDirectories ?? 1);
  const fileName = segments[segments.length - 1];
  const dirs = keep === 0 ? [] : segments.slice(0, -1).slice(-keep);
  return safeJoin(root, [...dirs, fileName], options);
}

/**
 * Where slskd writes a finished download with its default layout (`<downloads>/<parent dir>/<file>`), or
 * `<downloads>/<destination>/<file>` for a 0.26 batch with `options.destination`. slskd on Linux only
 * replaces `/` and NUL, so this mirrors that rather than `sanitizePathSegment`. Throws UnsafePathError if
 * the result would leave `downloadsDir` (slskd itself rejects such enqueues). Name clashes get a
 * `_<ticks>` suffix, so check `findSlskdDownloadedFile` or the DownloadFileComplete event for the truth.
 */
export function predictSlskdDownloadPath(
  downloadsDir: string,
  remoteFilename: string,
  options: { destination?: string } = {},
): string {
  const segments = splitRemotePath(remoteFilename);
  if (segments.length === 0) throw new UnsafePathError(`empty remote path: ${JSON.stringify(remoteFilename)}`);
  const slskdSegment = (segment: string) => {
    if (segment === '.' || segment === '..') throw new UnsafePathError(`traversal segment in ${remoteFilename}`);
    // eslint-disable-next-line no-control-regex
    return segment.replace(/\u0000/g, '_');
  };
  const fileName = slskdSegment(segments[segments.length - 1]);
  let dirs: string[] = [];
  if (options.destination !== undefined) {
    if (path.isAbsolute(options.destination)) throw new UnsafePathError('destination must be relative');
    dirs = splitRemotePath(options.destination).map(slskdSegment);
  } else if (segments.length > 1) {
    dirs = [slskdSegment(segments[segments.length - 2])];
  }
  return assertPathInside(downloadsDir, path.join(path.resolve(downloadsDir), ...dirs, fileName));
}

/**
 * Finds the file slskd wrote for a remote path: the predicted path, or the newest `<name>_<ticks><ext>`
 * rename next to it. Undefined while the file has not been moved into place yet.
 */
export async function findSlskdDownloadedFile(
  downloadsDir: string,
  remoteFilename: string,
  options: { destination?: string; notBefore?: Date } = {},
): Promise<string | undefined> {
  const predicted = predictSlskdDownloadPath(downloadsDir, remoteFilename, options);
  const dir = path.dirname(predicted);
  const ext = path.extname(predicted);
  const stem = path.basename(predicted, ext);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return undefined;
  }
  const escaped = stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const extEscaped = ext.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${escaped}(_\\d{15,20})?${extEscaped}$`);
  let best: { file: string; mtime: number } | undefined;
  for (const name of names) {
    if (!pattern.test(name)) continue;
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) continue;
    if (options.notBefore && stat.mtimeMs < options.notBefore.getTime() - 2000) continue;
    if (!best || stat.mtimeMs > best.mtime) best = { file, mtime: stat.mtimeMs };
  }
  return best ? assertPathInside(downloadsDir, best.file) : undefined;
}
