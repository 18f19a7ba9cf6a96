import * as path from 'node:path';
import { safeMove } from '@soulspot/api/library';
import { isPathInside, safeJoin, sanitizePathSegment, UnsafePathError } from '../../clients/slskd-paths';

/**
 * Moves a rejected download to `<quarantine root>/<downloadId>/<sanitised name>`: never deleted, never
 * overwriting another file (a different file with the name gets ` (2)`), safe across filesystems
 * (copy, fsync, verify, then remove the source — the library's safeMove), and never outside the root
 * whatever the name was.
 */
export async function quarantineFile(quarantineRoot: string, downloadId: string, file: string): Promise<string> {
  const root = path.resolve(quarantineRoot);
  const dir = safeJoin(root, [downloadId]);
  const name = sanitizePathSegment(path.basename(file));
  const moved = await safeMove(file, dir, name, { onDifferentFile: 'rename' });
  if (!isPathInside(root, moved.path)) throw new UnsafePathError(`quarantine path escapes ${root}: ${moved.path}`);
  return moved.path;
}
