import { groupAlbumFolders, matchAlbum, type WantedAlbum } from '../../matcher/album';
import { normalise } from '../../matcher/normalize';
import type { QualityProfile } from '../../matcher/profiles';
import type { SlskdSearchFile } from '../../matcher/types';

/**
 * Album mode (MATCHING.md "Album mode"): when several waiting downloads belong to one album, take them
 * from one folder of one peer instead of whichever single file ranks first for each track. Pure
 * functions only; the engine (download-engine.ts) reads the rows and candidates and talks to slskd.
 */

/** Album mode applies from this many waiting downloads of one album, covered by one folder. */
export const ALBUM_MODE_MIN_TRACKS = 3;
/** Every attempt album mode starts has a detail that begins with this (kept when the attempt ends). */
export const ALBUM_MODE_PREFIX = 'album mode';

/** The fields of a download row album mode looks at. */
export interface AlbumModeRow {
  id: string;
  artist: string;
  title: string;
  album: string | null;
  durationMs: number | null;
  profile: string;
  searchId: string | null;
  pinnedCandidateId: string | null;
  attemptCount: number;
}

/** An acceptable candidate of one row (already filtered: not failed for this track, not blocked). */
export interface AlbumCandidate {
  username: string;
  filename: string;
  size: number;
  /** Rank within the row's search (0 = best). */
  position: number;
  qualityTier: number | null;
  availability: number | null;
}

export interface AlbumFolderChoice {
  username: string;
  /** Album folder (disc sub-folders merged), as the matcher groups it. */
  folder: string;
  /** The file chosen for each covered row id: the best-ranked candidate of that row inside the folder. */
  picks: Map<string, AlbumCandidate>;
  qualityTier: number;
  availability: number;
}

/** "feat." and list separators: the first artist is the album's. "&" stays (duo names). */
const FEATURING_RE = /\s*(?:,|;|\bfeat\.?\s|\bft\.?\s|\bfeaturing\s|\bwith\s)\s*/i;

/**
 * The album a row belongs to for album mode, or null when the row is not eligible: it must have its
 * search done (a search id while waiting), an album title, no pinned file, and no attempt yet (a row
 * that failed once goes per track from then on).
 */
export function albumKeyOf(row: AlbumModeRow): string | null {
  if (!row.album || !row.searchId || row.pinnedCandidateId || row.attemptCount > 0) return null;
  const artist = normalise(row.artist.split(FEATURING_RE)[0] ?? row.artist);
  const album = normalise(row.album);
  if (!artist || !album) return null;
  // One profile per group: the folder is judged and browsed files are accepted with it.
  return `${artist}\u0000${album}\u0000${row.profile}`;
}

/** Groups of at least ALBUM_MODE_MIN_TRACKS eligible rows of one album, each in the rows' order. */
export function groupAlbumRows<T extends AlbumModeRow>(rows: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = albumKeyOf(row);
    if (key === null) continue;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].filter((g) => g.length >= ALBUM_MODE_MIN_TRACKS);
}

/** The album folder of a remote file, with `CD1`/`Disc 2` merged into the album (same rule as the matcher). */
export function albumFolderOf(filename: string): string {
  return groupAlbumFolders([{ username: '', uploadSpeed: 0, queueLength: 0, hasFreeUploadSlot: false, files: [{ filename, size: 0 }] }])[0]?.folder ?? '';
}

/**
 * The folder of one peer that covers the most rows with acceptable candidates; null when none covers at
 * least ALBUM_MODE_MIN_TRACKS. Ties: better (lower) worst quality tier, then higher mean availability,
 * then user and folder name (deterministic).
 */
export function chooseAlbumFolder(rows: ReadonlyArray<{ rowId: string; candidates: readonly AlbumCandidate[] }>): AlbumFolderChoice | null {
  const folders = new Map<string, { username: string; folder: string; picks: Map<string, AlbumCandidate> }>();
  for (const { rowId, candidates } of rows) {
    for (const c of [...candidates].sort((a, b) => a.position - b.position)) {
      const folder = albumFolderOf(c.filename);
      const key = `${c.username}\u0000${folder}`;
      const f = folders.get(key) ?? { username: c.username, folder, picks: new Map<string, AlbumCandidate>() };
      folders.set(key, f);
      // One file per row and no file for two rows (the best-ranked free one wins).
      if (f.picks.has(rowId) || [...f.picks.values()].some((p) => p.filename === c.filename)) continue;
      f.picks.set(rowId, c);
    }
  }
  const scored = [...folders.values()]
    .filter((f) => f.picks.size >= ALBUM_MODE_MIN_TRACKS)
    .map((f) => {
      const picks = [...f.picks.values()];
      return {
        ...f,
        qualityTier: Math.max(...picks.map((p) => p.qualityTier ?? 99)),
        availability: picks.reduce((s, p) => s + (p.availability ?? 0), 0) / picks.length,
      };
    })
    .sort(
      (a, b) =>
        b.picks.size - a.picks.size ||
        a.qualityTier - b.qualityTier ||
        b.availability - a.availability ||
        (a.username < b.username ? -1 : a.username > b.username ? 1 : 0) ||
        (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0),
    );
  return scored[0] ?? null;
}

/**
 * Maps waiting rows the search did not cover to files of the browsed folder: the matcher aligns the
 * album's rows to the folder's audio files (title, artist, track number, duration within MATCHING.md's
 * tolerance; identity ≥ the acceptance threshold; the profile's filters apply). Only rows in `uncovered`
 * with a known duration are mapped, to files not already picked and allowed for that row by `allowed`.
 */
export function mapBrowsedFiles(
  album: { title: string; artist: string; rows: readonly AlbumModeRow[] },
  folder: { username: string; folder: string; files: readonly SlskdSearchFile[] },
  uncovered: ReadonlySet<string>,
  taken: ReadonlySet<string>,
  profile: QualityProfile,
  allowed: (rowId: string, filename: string) => boolean,
): Map<string, { filename: string; size: number }> {
  const rows = album.rows.filter((r) => r.durationMs !== null && r.durationMs > 0);
  const wanted: WantedAlbum = {
    title: album.title,
    artists: [album.artist],
    tracks: rows.map((r) => ({ title: r.title, artists: [r.artist], durationMs: r.durationMs ?? 0 })),
  };
  const peer = { username: folder.username, uploadSpeed: 0, queueLength: 0, hasFreeUploadSlot: false };
  const [verdict] = matchAlbum(wanted, [{ username: folder.username, folder: folder.folder, peer, files: [...folder.files] }], { profile });
  const out = new Map<string, { filename: string; size: number }>();
  for (const a of verdict?.assignments ?? []) {
    const row = rows[a.trackIndex];
    if (!row || !uncovered.has(row.id) || taken.has(a.filename) || !allowed(row.id, a.filename)) continue;
    const file = folder.files.find((f) => f.filename === a.filename);
    if (file) out.set(row.id, { filename: file.filename, size: file.size });
  }
  return out;
}

/** The attempt detail of an album-mode attempt. */
export function albumDetail(username: string, folder: string, started: number, of: number): string {
  const name = folder.split(/[\\/]/).pop() ?? folder;
  return `${ALBUM_MODE_PREFIX}: ${started} of ${of} tracks of this album from ${username}'s folder "${name}"`;
}
