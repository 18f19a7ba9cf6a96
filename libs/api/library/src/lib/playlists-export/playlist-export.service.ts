import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ExportM3u8Response } from '@soulspot/shared/contracts';
import { APP_CONFIG, AppConfig, EventBus } from '@soulspot/api/core';
import { writeFileAtomic } from '../files/fs-durable';
import { belongsToList, M3u8Track, PLAYLISTS_FOLDER, playlistFileName, renderM3u8 } from './m3u8';
import { ExportEntryRow, PlaylistExportRepository } from './playlist-export.repository';

/**
 * M3U8 files of list sources inside the library (`<root>/Playlists/<list name>.m3u8`), so media servers
 * show SoulSpot's lists. Written on demand and again whenever a file of the list arrives.
 */
@Injectable()
export class PlaylistExportService {
  private readonly logger = new Logger(PlaylistExportService.name);

  constructor(
    private readonly repo: PlaylistExportRepository,
    private readonly events: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The library root, read like the import pipeline reads it (ImportSettingsService in metadata, which
   * library cannot import): the import settings' libraryPath, else the general one, else DATA_DIR/library.
   */
  async libraryRoot(): Promise<string> {
    const sections = await this.repo.settingsSections(['import', 'general']);
    const pick = (section: string) => {
      const value = sections.get(section)?.['libraryPath'];
      return typeof value === 'string' && value ? value : null;
    };
    return pick('import') ?? pick('general') ?? join(this.config.dataDir, 'library');
  }

  /** Writes (atomically replaces) the list's playlist with the tracks that are in the library, in list order. */
  async exportSource(sourceId: string, libraryRoot?: string): Promise<ExportM3u8Response> {
    return (await this.write(sourceId, libraryRoot, false)) as ExportM3u8Response;
  }

  /**
   * For a list that has never been exported: writes its playlist when some of its tracks are already in the
   * library (a new list naming files that arrived for another one) and no playlist file exists yet. Null
   * when nothing was written. Lists that have a file are kept current by `trackImported`.
   */
  async exportIfAbsent(sourceId: string, libraryRoot?: string): Promise<ExportM3u8Response | null> {
    return this.write(sourceId, libraryRoot, true);
  }

  private async write(sourceId: string, libraryRoot: string | undefined, onlyIfAbsent: boolean): Promise<ExportM3u8Response | null> {
    const root = libraryRoot ?? (await this.libraryRoot());
    return this.repo.withListLock(sourceId, async (m) => {
      const source = await this.repo.source(m, sourceId);
      if (!source) throw new NotFoundException(`list source ${sourceId} not found`);
      const taken = new Set((await this.repo.earlierNames(m, source)).map((n) => playlistFileName(n, '').toLowerCase()));
      const dir = join(root, PLAYLISTS_FOLDER);
      const path = join(dir, playlistFileName(source.name, source.id, taken));
      if (onlyIfAbsent && (await existing([path])).size > 0) return null;
      const entries = await this.repo.entries(m, sourceId);
      // The database says in library; the file must still be there (a user may have deleted it).
      const candidates = entries.filter((e): e is ExportEntryRow & { libraryPath: string } => e.state === 'in_library' && e.libraryPath !== null);
      const present = await existing(candidates.map((e) => e.libraryPath));
      const tracks: M3u8Track[] = candidates.filter((e) => present.has(e.libraryPath)).map((e) => ({ title: e.title, artists: e.artists, durationMs: e.durationMs, path: e.libraryPath }));
      if (onlyIfAbsent && tracks.length === 0) return null;
      try {
        await mkdir(dir, { recursive: true });
        await writeFileAtomic(path, renderM3u8(path, tracks, { id: source.id, name: source.name }));
      } catch (error) {
        // A library folder that cannot be written is a setting to fix, not a server fault.
        const code = (error as NodeJS.ErrnoException).code;
        if (!code) throw error;
        throw new ConflictException({ message: `Cannot write the playlist into ${dir} (${code}): check the library folder in Settings → Import`, errors: [`${code}: ${dir}`] });
      }
      // The list was renamed (or its name clashed differently before): its older file goes.
      await this.removeFiles(dir, source.id, path);
      return { path, total: entries.length, written: tracks.length, missing: entries.length - tracks.length };
    });
  }

  /** A deleted list's playlist leaves the library with it (only files SoulSpot wrote for that list). */
  async removeForList(listId: string, libraryRoot?: string): Promise<string[]> {
    const root = libraryRoot ?? (await this.libraryRoot());
    return this.removeFiles(join(root, PLAYLISTS_FOLDER), listId, null);
  }

  /** Deletes the `.m3u8` files in `dir` marked with the list's id, except `keep`. Returns what it removed. */
  private async removeFiles(dir: string, listId: string, keep: string | null): Promise<string[]> {
    const names = await readdir(dir).catch(() => [] as string[]);
    const removed: string[] = [];
    for (const name of names) {
      const path = join(dir, name);
      if (!name.toLowerCase().endsWith('.m3u8') || path === keep) continue;
      if (!belongsToList(await readHead(path), listId)) continue;
      await rm(path, { force: true });
      removed.push(path);
    }
    if (removed.length) this.logger.log(`removed old playlist file(s) of list ${listId}: ${removed.join(', ')}`);
    return removed;
  }

  /**
   * A file for a wanted track is in the library (the import pipeline's last step): the track becomes
   * `in_library` and every list holding it gets its playlist rewritten. Idempotent. A playlist that cannot
   * be written is logged and left for the next arrival or a manual export — the file itself is safe.
   */
  async trackImported(wantedTrackId: string, libraryPath: string, libraryRoot?: string): Promise<{ sources: string[] }> {
    if (!(await this.repo.markInLibrary(wantedTrackId, libraryPath))) return { sources: [] };
    const root = libraryRoot ?? (await this.libraryRoot());
    const sources = await this.repo.sourcesListing(wantedTrackId);
    for (const sourceId of sources) {
      try {
        const result = await this.exportSource(sourceId, root);
        this.logger.log(`playlist of list ${sourceId} rewritten: ${result.written}/${result.total} tracks in ${result.path}`);
      } catch (error) {
        this.logger.warn(`playlist of list ${sourceId} not rewritten: ${error instanceof Error ? error.message : String(error)}`);
      }
      await this.events.publish({ type: 'sources.updated', payload: { sourceId } });
    }
    return { sources };
  }
}

/** The first bytes of a file (where the list id line is), or '' when it cannot be read. */
async function readHead(path: string): Promise<string> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return '';
  try {
    const buffer = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * The paths that exist: one directory listing per album folder instead of a stat per file (a 10,000-track
 * list checked file by file spent ~0.3–1 s on it), 32 folders at a time.
 */
async function existing(paths: string[]): Promise<Set<string>> {
  const byDir = new Map<string, string[]>();
  for (const p of paths) {
    const dir = dirname(p);
    const list = byDir.get(dir);
    if (list) list.push(p);
    else byDir.set(dir, [p]);
  }
  const found = new Set<string>();
  const dirs = [...byDir.keys()];
  for (let i = 0; i < dirs.length; i += 32) {
    await Promise.all(
      dirs.slice(i, i + 32).map(async (dir) => {
        const names = new Set(await readdir(dir).catch(() => [] as string[]));
        for (const p of byDir.get(dir) ?? []) if (names.has(basename(p))) found.add(p);
      }),
    );
  }
  return found;
}
