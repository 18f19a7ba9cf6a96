import { Logger } from '@nestjs/common';
import { lstat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { ImportHints, ImportStep, ImportStepName, ImportStepStatus } from '@soulspot/shared/contracts';
import { buildLibraryPath, chooseTemplate, MoveStep, NamingContext, safeMove, sha256File, sidecarPath, VARIOUS_ARTISTS, writeFileAtomic } from '@soulspot/api/library';
import type { CoverArtImage } from '../clients/cover-art-archive.client';
import type { MetadataClients } from '../clients/metadata-clients.factory';
import type { IdentifiedTrack } from '../clients/musicbrainz.client';
import type { Lyrics } from '../clients/lrclib.client';
import { AudioReadError, AudioWriteError } from '../tags/audio-tags.errors';
import type { AudioInfo, CoverMimeType, TrackTags } from '../tags/audio-tags.types';
import { readAudioInfo } from '../tags/read-audio-info';
import { writeTags } from '../tags/write-tags';
import type { ImportResolved } from './entities/import.entity';

/** The part of an `imports` row the pipeline reads and writes. */
export interface ImportState {
  id: string;
  sourcePath: string;
  hints: ImportHints;
  resolved: ImportResolved | null;
  steps: ImportStep[];
  targetPath: string | null;
  expectedSha256: string | null;
  resultPath: string | null;
}

export interface PipelineSettings {
  libraryPath: string;
  templates: { standard: string; compilation: string };
  steps: { musicbrainz: boolean; coverArt: boolean; lyrics: boolean; lastfmGenres: boolean };
}

/** Test seams: a hook that throws simulates the process dying at that point. */
export interface PipelineHooks {
  afterStep?: (name: ImportStepName) => void | Promise<void>;
  /** Forwarded to safeMove's `onStep`. */
  onMoveStep?: (step: MoveStep) => void;
}

export interface PipelineContext {
  clients: MetadataClients;
  settings: PipelineSettings;
  /** Persist the state (called before anything irreversible and after every step). */
  save: (state: ImportState) => Promise<void>;
  hooks?: PipelineHooks;
}

export type PipelineOutcome = { status: 'done'; resultPath: string } | { status: 'failed'; error: string };

/** A permanent problem with the file itself: retrying cannot help. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

const UNKNOWN_ARTIST = 'Unknown Artist';
const UNKNOWN_ALBUM = 'Unknown Album';

/**
 * Shared by every import in the process: album → MusicBrainz release chosen for an earlier track (so the
 * rest of the album resolves from the cached release), and front covers per release (fetched once).
 */
class SmallLru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
}
const releaseByAlbum = new SmallLru<string>(2000);
const coverByRelease = new SmallLru<CoverArtImage | null>(32);

function albumKey(artist: string, album: string): string {
  return `${artist.toLowerCase().trim()}\u0000${album.toLowerCase().trim()}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function yearOf(date: string | null | undefined): number | undefined {
  const year = date ? Number(date.slice(0, 4)) : NaN;
  return Number.isInteger(year) && year > 0 ? year : undefined;
}

async function exists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => null)) !== null;
}

/**
 * verify → metadata → cover → lyrics → tags → move (+ cover.jpg and .lrc beside the moved file).
 *
 * Idempotent: the resolved metadata, the planned destination and the SHA-256 of the tagged file are saved
 * before the move, so a re-run after a crash at any point reuses them; a source already tagged for this plan
 * is not rewritten, and safeMove recognises a destination it already created. Only problems with the file
 * itself (unreadable, corrupt) fail the import; a metadata service that is down only skips its step.
 */
export class ImportPipeline {
  private readonly logger = new Logger(ImportPipeline.name);

  async run(state: ImportState, ctx: PipelineContext): Promise<PipelineOutcome> {
    state.steps = [];
    try {
      return await this.runSteps(state, ctx);
    } catch (error) {
      if (error instanceof ImportFileError) return { status: 'failed', error: error.message };
      throw error;
    }
  }

  private async runSteps(state: ImportState, ctx: PipelineContext): Promise<PipelineOutcome> {
    const { clients, settings } = ctx;

    // 1. verify
    let info: AudioInfo | null = null;
    let sourceGone = false;
    {
      await this.step(state, ctx, 'verify', async () => {
        if (!(await exists(state.sourcePath)) && state.expectedSha256) {
          sourceGone = true;
          return ['skipped', 'source already moved by an earlier attempt'];
        }
        try {
          info = await readAudioInfo(state.sourcePath);
        } catch (error) {
          if (error instanceof AudioReadError) throw new ImportFileError(error.message);
          throw error;
        }
        if (info.container === 'other') throw new ImportFileError(`unsupported format (${info.containerName})`);
        const seconds = info.durationSeconds ? `${info.durationSeconds.toFixed(1)} s` : 'unknown length';
        return ['done', `${info.containerName}${info.codec ? ` ${info.codec}` : ''}, ${seconds}`];
      });
    }

    // 2. metadata
    let resolved = state.resolved;
    let identified = false;
    await this.step(state, ctx, 'metadata', async () => {
      if (resolved) {
        identified = resolved.musicBrainz.recordingId !== null;
        return ['skipped', 'resolved by an earlier attempt'];
      }
      const result = await this.resolve(state, info, clients, settings);
      resolved = result.resolved;
      identified = result.identified;
      state.resolved = resolved;
      return [result.status, result.detail];
    });
    const meta = resolved as unknown as ImportResolved;

    // 3. cover (fetched here, embedded by the tag step, cover.jpg written after the move)
    let cover: CoverArtImage | null = null;
    await this.step(state, ctx, 'cover', async () => {
      if (!settings.steps.coverArt) return ['skipped', 'cover art is turned off'];
      const releaseId = meta.musicBrainz.releaseId;
      let from = 'the Cover Art Archive';
      let cached: CoverArtImage | null | undefined;
      if (releaseId) {
        cached = coverByRelease.get(releaseId);
        cover = cached !== undefined ? cached : await clients.coverArt.getFrontCover({ releaseMbid: releaseId }, 500);
        coverByRelease.set(releaseId, cover);
      }
      // No release or no art there: the album image Deezer gave for the ISRC, when there is one.
      if (!cover && meta.coverUrl) {
        cover = await clients.deezer.getCoverImage(meta.coverUrl);
        from = 'Deezer';
        cached = undefined;
      }
      if (!cover) return ['skipped', releaseId ? 'the Cover Art Archive has no front cover for this release' : 'no MusicBrainz release to look up and no other cover'];
      if (!isEmbeddable(cover.mimeType)) {
        const type = cover.mimeType;
        cover = null;
        return ['skipped', `cover is ${type}, only JPEG/PNG are embedded`];
      }
      return ['done', `front cover ${(cover as CoverArtImage).bytes.length} bytes from ${from}${cached !== undefined ? ' (cached)' : ''}`];
    });

    // 4. lyrics
    let lyrics: Lyrics | null = null;
    await this.step(state, ctx, 'lyrics', async () => {
      if (!settings.steps.lyrics) return ['skipped', 'lyrics are turned off'];
      const durationMs = meta.durationMs ?? (info?.durationSeconds ? info.durationSeconds * 1000 : undefined);
      lyrics = await clients.lrclib.getLyrics({
        artist: meta.artists.join(', ') || meta.albumArtist,
        title: meta.title,
        album: meta.album === UNKNOWN_ALBUM ? undefined : meta.album,
        durationSec: durationMs !== undefined ? durationMs / 1000 : undefined,
      });
      if (!lyrics) return ['skipped', 'LRCLIB has no lyrics for this track'];
      const found = lyrics as Lyrics;
      if (found.instrumental) return ['done', 'instrumental (LRCLIB)'];
      if (found.synced) return ['done', `synced lyrics (${found.synced.split('\n').length} lines) for a .lrc sidecar${found.plain ? ', plain lyrics embedded' : ''}`];
      return ['done', 'plain lyrics embedded'];
    });

    // 5. tags
    await this.step(state, ctx, 'tags', async () => {
      if (sourceGone) return ['skipped', 'file already tagged and moved by an earlier attempt'];
      if (state.expectedSha256 && (await sha256File(state.sourcePath)) === state.expectedSha256) {
        return ['skipped', 'file already tagged by an earlier attempt'];
      }
      const tags = toTags(meta, cover, lyrics);
      // Data verified by MusicBrainz overwrites; guesses from hints only fill gaps in a hand-tagged file.
      const result = await writeTags(state.sourcePath, tags, { mode: identified ? 'merge' : 'fill' }).catch((error: unknown) => {
        if (error instanceof AudioWriteError && error.reason !== 'io') throw new ImportFileError(error.message);
        throw error;
      });
      const kept = result.keptExisting.length ? `; kept the file's own ${result.keptExisting.join(', ')}` : '';
      return ['done', `${result.written.length ? `wrote ${result.written.join(', ')}` : 'tags already up to date'}${kept}`];
    });

    // 6. move
    let resultPath = state.resultPath;
    await this.step(state, ctx, 'move', async () => {
      if (!state.targetPath || !state.expectedSha256 || !sourceGone) {
        const naming = toNamingContext(meta, state.sourcePath);
        const template = chooseTemplate(settings.templates, naming);
        state.targetPath = state.targetPath ?? buildLibraryPath(settings.libraryPath, template, naming);
        if (!sourceGone) state.expectedSha256 = await sha256File(state.sourcePath);
        // Recorded before moving: a re-run finds the file by its hash even under a "(2)" name.
        await ctx.save(state);
      }
      const target = state.targetPath;
      const moved = await safeMove(state.sourcePath, dirname(target), basename(target), {
        expectedSha256: state.expectedSha256 ?? undefined,
        onStep: ctx.hooks?.onMoveStep,
      });
      resultPath = moved.path;
      state.resultPath = moved.path;
      const extras: string[] = [];
      if (cover && (cover as CoverArtImage).mimeType === 'image/jpeg') {
        const coverPath = join(dirname(moved.path), 'cover.jpg');
        if (!(await exists(coverPath))) {
          await writeFileAtomic(coverPath, (cover as CoverArtImage).bytes, { overwrite: false }).catch((error: unknown) => {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          });
          extras.push('cover.jpg written');
        }
      }
      const synced = (lyrics as Lyrics | null)?.synced;
      if (synced) {
        await writeFileAtomic(sidecarPath(moved.path, 'lrc'), synced.endsWith('\n') ? synced : `${synced}\n`);
        extras.push('.lrc written');
      }
      const how = moved.outcome === 'moved' ? `moved (${moved.method})` : moved.outcome === 'already-present' ? 'already in place' : 'moved by an earlier attempt';
      return ['done', `${how} to ${moved.path}${extras.length ? `; ${extras.join(', ')}` : ''}`];
    });
    return { status: 'done', resultPath: resultPath as string };
  }

  private async step(
    state: ImportState,
    ctx: PipelineContext,
    name: ImportStepName,
    body: () => Promise<[ImportStepStatus, string]>,
  ): Promise<void> {
    const started = Date.now();
    let status: ImportStepStatus;
    let detail: string;
    try {
      [status, detail] = await body();
    } catch (error) {
      // verify, tags and move failing means there is no good file: the caller decides (fail or retry).
      if (name === 'verify' || name === 'tags' || name === 'move' || name === 'metadata') {
        state.steps = [...state.steps, { name, status: 'failed', detail: errorText(error), durationMs: Date.now() - started }];
        await ctx.save(state);
        throw error;
      }
      status = 'failed';
      detail = errorText(error);
      this.logger.warn(`import ${state.id}: ${name} failed: ${detail}`);
    }
    state.steps = [...state.steps, { name, status, detail, durationMs: Date.now() - started }];
    await ctx.save(state);
    await ctx.hooks?.afterStep?.(name);
  }

  /**
   * Hints (and the file's own tags) first, then MusicBrainz by ISRC / artist+title+length; genres from
   * MusicBrainz, else Last.fm; Deezer by ISRC when MusicBrainz knew nothing. A service that is down marks
   * the step failed and the import continues with what it has — the user gets a file, not a retry loop.
   */
  private async resolve(
    state: ImportState,
    info: AudioInfo | null,
    clients: MetadataClients,
    settings: PipelineSettings,
  ): Promise<{ resolved: ImportResolved; identified: boolean; status: ImportStepStatus; detail: string }> {
    const hints = state.hints;
    const own = info?.tags;
    const stem = basename(state.sourcePath, extname(state.sourcePath));
    const artist = hints.artist ?? (own?.artists.length ? own.artists.join(', ') : undefined) ?? UNKNOWN_ARTIST;
    const resolved: ImportResolved = {
      title: hints.title ?? own?.title ?? stem,
      artists: hints.artist ? [hints.artist] : own?.artists.length ? own.artists : [UNKNOWN_ARTIST],
      albumArtist: hints.albumArtist ?? own?.albumArtist ?? artist,
      album: hints.album ?? own?.album ?? UNKNOWN_ALBUM,
      date: hints.releaseDate ?? own?.date ?? (own?.year ? String(own.year) : null),
      trackNumber: hints.trackNumber ?? own?.trackNumber ?? null,
      trackTotal: own?.trackTotal ?? null,
      discNumber: hints.discNumber ?? own?.discNumber ?? null,
      discTotal: own?.discTotal ?? null,
      genres: own?.genres ?? [],
      isrc: hints.isrc ?? own?.isrc ?? null,
      compilation: own?.compilation ?? false,
      durationMs: hints.durationMs ?? (info?.durationSeconds ? Math.round(info.durationSeconds * 1000) : null),
      musicBrainz: { recordingId: null, releaseId: null, releaseGroupId: null, artistIds: [], albumArtistIds: [] },
      coverUrl: null,
    };
    const notes: string[] = [];
    let failed: string | null = null;
    let match: IdentifiedTrack | null = null;
    if (!settings.steps.musicbrainz) {
      notes.push('MusicBrainz lookup is turned off');
    } else {
      const key = albumKey(artist, resolved.album);
      try {
        match = await clients.musicBrainz.identifyTrack(
          { title: resolved.title, artist, album: resolved.album === UNKNOWN_ALBUM ? undefined : resolved.album, durationMs: resolved.durationMs ?? undefined, isrc: resolved.isrc ?? undefined },
          { releaseHint: releaseByAlbum.get(key) },
        );
      } catch (error) {
        failed = `MusicBrainz unavailable (${errorText(error)}); used the hints`;
      }
      if (match) {
        applyMusicBrainz(resolved, match);
        if (match.release) releaseByAlbum.set(key, match.release.id);
        notes.push(`MusicBrainz recording ${match.recording.id} via ${match.via} (score ${match.score.toFixed(2)})`);
        if (!resolved.genres.length && match.recording.artistCredits[0]) {
          const mbArtist = await clients.musicBrainz.getArtist(match.recording.artistCredits[0].artistId).catch(() => null);
          if (mbArtist?.genres.length) resolved.genres = mbArtist.genres.slice(0, 5);
        }
      } else if (!failed) {
        notes.push('not found on MusicBrainz');
      }
    }
    if (!resolved.genres.length && settings.steps.lastfmGenres && clients.lastfm.enabled) {
      try {
        const tags = await clients.lastfm.getTrackTopTags({ artist: resolved.artists[0], track: resolved.title });
        resolved.genres = tags.slice(0, 3).map((t) => t.name);
        if (resolved.genres.length) notes.push(`genres from Last.fm`);
      } catch (error) {
        notes.push(`Last.fm failed (${errorText(error)})`);
      }
    }
    if (!match && resolved.isrc) {
      try {
        const deezer = await clients.deezer.getTrackByIsrc(resolved.isrc);
        if (deezer) {
          if (resolved.album === UNKNOWN_ALBUM && deezer.album) resolved.album = deezer.album;
          resolved.trackNumber = resolved.trackNumber ?? deezer.trackPosition;
          resolved.discNumber = resolved.discNumber ?? deezer.discNumber;
          resolved.date = resolved.date ?? deezer.releaseDate;
          resolved.coverUrl = deezer.coverUrl;
          notes.push(`Deezer track ${deezer.deezerId} by ISRC`);
        }
      } catch (error) {
        notes.push(`Deezer failed (${errorText(error)})`);
      }
    }
    if (failed) return { resolved, identified: false, status: 'failed', detail: [failed, ...notes].join('; ') };
    return { resolved, identified: match !== null, status: match ? 'done' : 'skipped', detail: notes.join('; ') || 'used the hints' };
  }
}

function applyMusicBrainz(resolved: ImportResolved, match: IdentifiedTrack): void {
  const { recording, release } = match;
  resolved.title = recording.title;
  resolved.artists = recording.artistCredits.length ? recording.artistCredits.map((c) => c.creditedName || c.name) : resolved.artists;
  resolved.isrc = resolved.isrc ?? recording.isrcs[0] ?? null;
  resolved.durationMs = recording.lengthMs ?? resolved.durationMs;
  resolved.trackNumber = match.trackNumber ?? resolved.trackNumber;
  resolved.trackTotal = match.trackTotal ?? resolved.trackTotal;
  resolved.discNumber = match.discNumber ?? resolved.discNumber;
  resolved.discTotal = match.discTotal ?? resolved.discTotal;
  resolved.genres = match.genres.length ? match.genres.slice(0, 5) : resolved.genres;
  resolved.musicBrainz.recordingId = recording.id;
  resolved.musicBrainz.artistIds = recording.artistCredits.map((c) => c.artistId);
  if (release) {
    resolved.album = release.title;
    resolved.albumArtist = release.artist;
    resolved.date = release.date ?? release.releaseGroup?.firstReleaseDate ?? resolved.date;
    resolved.compilation = release.releaseGroup?.secondaryTypes.includes('Compilation') === true || release.artist === VARIOUS_ARTISTS;
    resolved.musicBrainz.releaseId = release.id;
    resolved.musicBrainz.releaseGroupId = release.releaseGroup?.id ?? null;
    resolved.musicBrainz.albumArtistIds = release.artistCredits.map((c) => c.artistId);
  } else if (match.releaseRef) {
    resolved.album = match.releaseRef.title;
    resolved.date = match.releaseRef.date ?? resolved.date;
    resolved.musicBrainz.releaseId = match.releaseRef.id;
    resolved.musicBrainz.releaseGroupId = match.releaseRef.releaseGroup?.id ?? null;
  }
}

function isEmbeddable(mime: string): mime is CoverMimeType {
  return mime === 'image/jpeg' || mime === 'image/png';
}

function toTags(meta: ImportResolved, cover: CoverArtImage | null, lyrics: Lyrics | null): TrackTags {
  const tags: TrackTags = {
    title: meta.title,
    artists: meta.artists,
    albumArtist: meta.albumArtist,
    album: meta.album,
  };
  if (meta.trackNumber) tags.trackNumber = meta.trackNumber;
  if (meta.trackTotal) tags.trackTotal = meta.trackTotal;
  if (meta.discNumber) tags.discNumber = meta.discNumber;
  if (meta.discTotal) tags.discTotal = meta.discTotal;
  if (meta.date) tags.date = meta.date;
  if (meta.genres.length) tags.genres = meta.genres;
  if (meta.isrc) tags.isrc = meta.isrc;
  if (meta.compilation) tags.compilation = true;
  const mb = meta.musicBrainz;
  if (mb.recordingId) {
    tags.musicBrainz = {
      recordingId: mb.recordingId,
      releaseId: mb.releaseId ?? undefined,
      releaseGroupId: mb.releaseGroupId ?? undefined,
      artistIds: mb.artistIds.length ? mb.artistIds : undefined,
      albumArtistIds: mb.albumArtistIds.length ? mb.albumArtistIds : undefined,
    };
  }
  if (cover && isEmbeddable(cover.mimeType)) tags.frontCover = { data: cover.bytes, mimeType: cover.mimeType };
  if (lyrics?.plain) tags.lyrics = lyrics.plain;
  return tags;
}

function toNamingContext(meta: ImportResolved, sourcePath: string): NamingContext {
  return {
    artistName: meta.artists.join(', ') || UNKNOWN_ARTIST,
    albumArtist: meta.compilation ? VARIOUS_ARTISTS : meta.albumArtist,
    albumTitle: meta.album,
    releaseYear: yearOf(meta.date),
    trackTitle: meta.title,
    trackNumber: meta.trackNumber ?? undefined,
    discNumber: meta.discNumber ?? undefined,
    totalDiscs: meta.discTotal ?? undefined,
    compilation: meta.compilation,
    extension: extname(sourcePath).replace(/^\./, '').toLowerCase() || 'audio',
  };
}
