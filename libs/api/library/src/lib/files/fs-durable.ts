import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, open, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { MAX_SEGMENT_BYTES, truncateUtf8 } from '../naming/sanitize-path';

/** Error codes we branch on; everything else propagates. */
export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** Makes a directory entry (create/rename/unlink) durable; a file's own fsync does not cover its name. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems (and platforms) refuse fsync on a directory; the data itself is already synced.
    if (!['EINVAL', 'EISDIR', 'EPERM', 'EBADF'].includes(errnoCode(error) ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

export async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * `fileName` with a numbered suffix before the extension: `Title.flac` -> `Title (2).flac`.
 * Stays within 255 bytes by shortening the title, never the extension or the number.
 */
export function withCollisionSuffix(fileName: string, index: number, maxBytes = MAX_SEGMENT_BYTES): string {
  if (index <= 1) return fileName;
  const ext = extname(fileName);
  const stem = ext && ext !== fileName ? fileName.slice(0, -ext.length) : fileName;
  const suffix = ` (${index})`;
  const budget = maxBytes - Buffer.byteLength(suffix + ext);
  return `${truncateUtf8(stem, budget).replace(/[\s.]+$/, '')}${suffix}${ext}`;
}

export interface WriteFileAtomicOptions {
  /** Default true. With false an existing file is never replaced (EEXIST is thrown). */
  overwrite?: boolean;
  mode?: number;
}

/**
 * Writes `path` so that readers (and a crash) only ever see the old or the complete new content:
 * temp file in the same folder -> fsync -> rename -> fsync folder. For cover.jpg, .lrc and .m3u8.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  const dir = dirname(path);
  // Short random temp name: the target name may already be 255 bytes long.
  const temp = join(dir, `.soulspot-write-${randomBytes(8).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data, { flag: 'wx', mode: options.mode ?? 0o644 });
    await fsyncFile(temp);
    if (options.overwrite === false) {
      await link(temp, path);
      await unlink(temp);
    } else {
      await rename(temp, path);
    }
    await fsyncDir(dir);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Path of a sidecar beside an audio file: `sidecarPath('/m/01 - T.flac', 'lrc')` -> `/m/01 - T.lrc`.
 */
export function sidecarPath(audioPath: string, extension: string): string {
  const ext = extension.replace(/^\.+/, '');
  if (!ext || /[/\\\0]/.test(ext)) throw new Error(`Invalid sidecar extension "${extension}"`);
  const name = basename(audioPath);
  const audioExt = extname(name);
  const stem = audioExt && audioExt !== name ? name.slice(0, -audioExt.length) : name;
  return join(dirname(audioPath), `${truncateUtf8(stem, MAX_SEGMENT_BYTES - Buffer.byteLength(ext) - 1)}.${ext}`);
}
