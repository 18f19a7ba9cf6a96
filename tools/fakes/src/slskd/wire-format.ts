import * as path from 'node:path';

/** Formatting rules of slskd's JSON output (contract §1.2) and its download-folder layout (§5). */

/** .NET ISO-8601 with 7 fractional digits; `withZone` false reproduces DB-read timestamps that lack `Z`. */
export function dotNetDate(date: Date, withZone = true): string {
  const iso = date.toISOString(); // 2026-08-22T18:04:31.512Z
  return `${iso.slice(0, 23)}0000${withZone ? 'Z' : ''}`;
}

/** .NET TimeSpan "c" format: `[d.]hh:mm:ss[.fffffff]`, fraction omitted when zero. */
export function dotNetTimeSpan(ms: number): string {
  const totalTicks = Math.max(0, Math.round(ms * 10_000));
  const ticksPerSecond = 10_000_000;
  const totalSeconds = Math.floor(totalTicks / ticksPerSecond);
  const fraction = totalTicks % ticksPerSecond;
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const body = `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  return `${days > 0 ? `${days}.` : ''}${body}${fraction > 0 ? `.${String(fraction).padStart(7, '0')}` : ''}`;
}

/** `DateTime.UtcNow.Ticks`, used by slskd's `_<ticks>` collision rename. */
export function dotNetTicksNow(): string {
  return (BigInt(Date.now()) * 10_000n + 621_355_968_000_000_000n).toString();
}

/** Remote path segments; slskd treats both separators as such. */
export function remoteSegments(remote: string): string[] {
  return remote.split(/[\\/]+/).filter((s) => s.length > 0);
}

/** The remote directory as slskd lists it: path minus last segment, keeping the peer's separator. */
export function remoteDirectory(remote: string): string {
  const sep = remote.includes('/') ? '/' : '\\';
  const idx = remote.lastIndexOf(sep);
  return idx < 0 ? '' : remote.slice(0, idx);
}

/** Linux only forbids `/` and NUL; anything else slskd keeps. `.`/`..` never reach here (enqueue 400s). */
function sanitizeSegment(segment: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = segment.replace(/[\u0000/]/g, '_');
  return cleaned === '.' || cleaned === '..' || cleaned === '' ? '_' : cleaned;
}

/**
 * Where slskd puts a finished download: `<downloads>/<immediate parent dir>/<file>` (≤0.25 and the 0.26
 * default), or `<downloads>/<destination>/<file>` for a 0.26 batch with `options.destination`.
 */
export function plannedLocalPath(downloadsDir: string, remote: string, destination?: string): string {
  const segments = remoteSegments(remote);
  const fileName = sanitizeSegment(segments[segments.length - 1] ?? 'unnamed');
  let dir = downloadsDir;
  if (destination) {
    const parts = destination.split(/[\\/]+/).filter((s) => s.length > 0).map(sanitizeSegment);
    dir = path.join(downloadsDir, ...parts);
  } else if (segments.length > 1) {
    dir = path.join(downloadsDir, sanitizeSegment(segments[segments.length - 2]));
  }
  const full = path.resolve(dir, fileName);
  const root = path.resolve(downloadsDir);
  if (!full.startsWith(root + path.sep)) throw new Error(`refusing to write outside downloads: ${remote}`);
  return full;
}

/** `01 - Intro.flac` → `01 - Intro_639001234567890123.flac` (slskd `destination.exists: rename`). */
export function collisionRename(fullPath: string): string {
  const ext = path.extname(fullPath);
  const base = fullPath.slice(0, fullPath.length - ext.length);
  return `${base}_${dotNetTicksNow()}${ext}`;
}

export function extensionOf(remote: string): string {
  const segments = remoteSegments(remote);
  const name = segments[segments.length - 1] ?? '';
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Version comparison on `major.minor.patch` (anything after `-`/`+` ignored). */
export function versionAtLeast(version: string, min: string): boolean {
  const parse = (v: string) => v.split(/[-+ ]/)[0].split('.').map((n) => Number.parseInt(n, 10) || 0);
  const a = parse(version);
  const b = parse(min);
  for (let i = 0; i < 3; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
