import { parseCandidatePath } from './candidate';
import { assessFile, newEvalCache } from './evaluate';
import { findPhrase, normalise } from './normalize';
import { DEFAULT_PROFILE, formatOf, isLosslessFormat, type QualityProfile } from './profiles';
import { availabilityOf, stableHash, type PeerInfo } from './rank';
import { splitQualifiers } from './title';
import type { AlbumType, SlskdSearchFile, SlskdSearchResponse, WantedTrack } from './types';
import { NOISE_WORDS, QUALITY_GROUP_RE, scanFolderTags } from './vocabulary';
import { DEFAULT_SETTINGS, type MatcherSettings, prepareWant } from './wanted';

export interface WantedAlbum {
  title: string;
  artists: string[];
  albumType?: AlbumType;
  /** The tracklist; each track's `album` is ignored (the album title is used). */
  tracks: Array<Omit<WantedTrack, 'album'>>;
}

/** All files one user shares under one album folder (disc sub-folders merged). */
export interface AlbumFolder {
  username: string;
  /** Album folder path (without the disc folder). */
  folder: string;
  peer: PeerInfo;
  files: SlskdSearchFile[];
}

export interface TrackAssignment {
  trackIndex: number;
  filename: string;
  identity: number;
}

export interface AlbumFolderVerdict {
  username: string;
  folder: string;
  accept: boolean;
  /** Why the folder is not accepted (first problem found). */
  reason?: string;
  assignments: TrackAssignment[];
  /** Tracks without an assignment of identity ≥ the acceptance threshold. */
  missingTracks: number[];
  /** Mean identity over wanted tracks (unassigned count as 0) minus folder penalties. */
  alignmentScore: number;
  /** Worst quality tier among assigned files. */
  qualityTier: number;
  quality: number;
  availability: number;
  penalties: string[];
}

export interface AlbumMatchOptions {
  profile?: QualityProfile;
  settings?: MatcherSettings;
}

const DISC_FOLDER_RE = /^[[(]?\s*(?:cd|disc|disk|side|part)\s*[-_.]?\s*(\d{1,2}|[a-d]|one|two|three|four)\b/i;

/** Groups search responses by (user, album folder), merging `CD1`/`Disc 2` sub-folders. */
export function groupAlbumFolders(responses: readonly SlskdSearchResponse[]): AlbumFolder[] {
  const groups = new Map<string, AlbumFolder>();
  for (const r of responses) {
    const peer: PeerInfo = {
      username: r.username,
      uploadSpeed: r.uploadSpeed,
      queueLength: r.queueLength,
      hasFreeUploadSlot: r.hasFreeUploadSlot,
    };
    for (const f of r.files) {
      const parts = f.filename.split(/[\\/]/);
      parts.pop();
      if (parts.length > 1 && DISC_FOLDER_RE.test((parts[parts.length - 1] ?? '').trim())) parts.pop();
      const folder = parts.join('\\');
      const key = `${r.username}\u0000${folder}`;
      const g = groups.get(key) ?? { username: r.username, folder, peer, files: [] };
      g.files.push(f);
      groups.set(key, g);
    }
  }
  return [...groups.values()];
}

/**
 * Minimum-cost assignment (Hungarian algorithm, O(n²·m)) of n rows to distinct columns, n ≤ m.
 * Returns the column of each row.
 */
export function solveAssignment(cost: number[][]): number[] {
  const n = cost.length;
  if (n === 0) return [];
  const m = cost[0].length;
  const INF = Number.POSITIVE_INFINITY;
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(m + 1).fill(0);
  const p = new Array<number>(m + 1).fill(0);
  const way = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(m + 1).fill(INF);
    const used = new Array<boolean>(m + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0];
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowToCol = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j] > 0) rowToCol[p[j] - 1] = j - 1;
  return rowToCol;
}

function folderPenalties(album: WantedAlbum, folder: string): { points: number; notes: string[] } {
  const notes: string[] = [];
  let points = 0;
  const last = folder.split('\\').pop() ?? folder;
  const toks = normalise(last.replace(QUALITY_GROUP_RE, ' ')).split(' ').filter((t) => t !== '');
  const albumToks = normalise(splitQualifiers(album.title).base).split(' ').filter((t) => t !== '');
  const own = new Set([...albumToks, ...album.artists.flatMap((a) => normalise(a).split(' '))]);
  const tags = scanFolderTags(toks.filter((t) => !own.has(t)));
  const wantedTags = scanFolderTags(normalise(album.title).split(' '));
  const extraTags = [...tags].filter((t) => !wantedTags.has(t));
  // Remixes folders are a penalty here too: the album folder must be the album itself.
  if (extraTags.length > 0 || (toks.includes('remixes') && !albumToks.includes('remixes'))) {
    points += 15;
    notes.push(`folder is a ${extraTags[0] ?? 'remix'} release`);
  }
  // "Neon Future II" for "Neon Future": the wanted name followed by more title words.
  const at = findPhrase(toks, albumToks);
  if (at >= 0) {
    const after = toks.slice(at + albumToks.length).filter((t) => !NOISE_WORDS.has(t) && !/^\d+$/.test(t) && !own.has(t));
    const before = toks.slice(0, at).filter((t) => !NOISE_WORDS.has(t) && !/^\d+$/.test(t) && !own.has(t));
    const neutral = new Set(['deluxe', 'edition', 'remaster', 'remastered', 'expanded', 'anniversary', 'version', 'reissue', 'the']);
    const foreign = [...before, ...after].filter((t) => !neutral.has(t));
    if (foreign.length > 0) {
      points += 10;
      notes.push(`folder names another title: ${foreign.join(' ')}`);
    }
  }
  return { points, notes };
}

/**
 * Album mode: aligns the wanted tracklist to each folder's audio files with a maximum-identity
 * assignment and accepts folders where every track is found (I ≥ threshold), the format is
 * consistent and extra files are only bonus tracks at the end or non-audio. Accepted folders
 * come first, by alignment score, then quality, then availability.
 */
export function matchAlbum(
  album: WantedAlbum,
  folders: readonly AlbumFolder[],
  options: AlbumMatchOptions = {},
): AlbumFolderVerdict[] {
  const profile = options.profile ?? DEFAULT_PROFILE;
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const prepared = album.tracks.map((t) =>
    prepareWant({ ...t, album: album.title, albumType: album.albumType, totalTracks: album.tracks.length }, settings),
  );
  const out: AlbumFolderVerdict[] = [];
  for (const folder of folders) {
    // Caches hold per-track results (file-name analysis), so one per wanted track.
    const caches = prepared.map(() => newEvalCache());
    const audio = folder.files.filter((f) => formatOf(parseCandidatePath(f.filename, f.extension).extension) !== null);
    const n = prepared.length;
    const m = Math.max(audio.length, n);
    const identity: number[][] = [];
    const quality: Array<{ score: number; tier: number } | null> = audio.map(() => null);
    for (let i = 0; i < n; i++) {
      const row: number[] = [];
      for (let j = 0; j < m; j++) {
        if (j >= audio.length) {
          row.push(0);
          continue;
        }
        const a = assessFile(prepared[i], folder.username, audio[j], profile, caches[i]);
        if (!a.ok) {
          row.push(0);
          continue;
        }
        quality[j] = { score: a.quality, tier: a.qualityTier };
        const raw = 35 * a.title + 25 * a.artist + 20 * a.duration + 10 * a.album + 5 * a.trackNumber + 5;
        row.push(Math.max(0, raw * a.versionFactor - a.penalty));
      }
      identity.push(row);
    }
    const cols = solveAssignment(identity.map((row) => row.map((x) => -x)));
    const assignments: TrackAssignment[] = [];
    const missingTracks: number[] = [];
    let sum = 0;
    cols.forEach((j, i) => {
      const id = j >= 0 && j < audio.length ? identity[i][j] : 0;
      if (id >= settings.acceptIdentity) {
        assignments.push({ trackIndex: i, filename: audio[j].filename, identity: Math.round(id * 10) / 10 });
        sum += id;
      } else missingTracks.push(i);
    });
    const usedFiles = new Set(assignments.map((a) => a.filename));
    const penalties = folderPenalties(album, folder.folder);
    const notes = [...penalties.notes];
    let reason: string | undefined;
    if (missingTracks.length > 0) reason = `${missingTracks.length} track(s) not found`;
    // One format and a consistent bitrate: mixed folders are usually assembled from several sources.
    const assignedFiles = audio.filter((f) => usedFiles.has(f.filename));
    const formats = new Set(assignedFiles.map((f) => formatOf(parseCandidatePath(f.filename, f.extension).extension)));
    if (!reason && formats.size > 1) reason = 'mixed formats';
    const lossyRates = assignedFiles
      .filter((f) => {
        const fmt = formatOf(parseCandidatePath(f.filename, f.extension).extension);
        return fmt !== null && !isLosslessFormat(fmt) && f.isVariableBitRate !== true && typeof f.bitRate === 'number';
      })
      .map((f) => f.bitRate as number);
    if (!reason && lossyRates.length > 1 && Math.max(...lossyRates) > 1.25 * Math.min(...lossyRates)) {
      reason = 'inconsistent bitrate';
    }
    // Extra audio files are fine only as bonus tracks after the wanted ones (deluxe editions).
    const maxWanted = Math.max(0, ...album.tracks.map((t) => t.trackNumber ?? 0));
    const extras = audio.filter((f) => !usedFiles.has(f.filename));
    const strayExtra = extras.find((f) => {
      const stem = (f.filename.split(/[\\/]/).pop() ?? '').trim();
      const num = /^(\d{1,3})/.exec(stem);
      return !num || Number(num[1]) % 100 <= maxWanted;
    });
    if (!reason && strayExtra) reason = 'extra tracks that are not bonus tracks';
    const alignmentScore = n > 0 ? sum / n - penalties.points : 0;
    const assignedQuality = assignments
      .map((a) => quality[audio.findIndex((f) => f.filename === a.filename)])
      .filter((q): q is { score: number; tier: number } => q !== null);
    const qualityTier = assignedQuality.length ? Math.max(...assignedQuality.map((q) => q.tier)) : Number.MAX_SAFE_INTEGER;
    const qualityScore = assignedQuality.length
      ? assignedQuality.reduce((s, q) => s + q.score, 0) / assignedQuality.length
      : 0;
    const totalSize = assignedFiles.reduce((s, f) => s + f.size, 0);
    const avail = availabilityOf(folder.peer, totalSize);
    out.push({
      username: folder.username,
      folder: folder.folder,
      accept: reason === undefined,
      reason,
      assignments,
      missingTracks,
      alignmentScore: Math.round(alignmentScore * 10) / 10,
      qualityTier,
      quality: Math.round(qualityScore),
      availability: Math.round(avail.score * 10) / 10,
      penalties: notes,
    });
  }
  return out.sort((a, b) => {
    if (a.accept !== b.accept) return a.accept ? -1 : 1;
    if (a.alignmentScore !== b.alignmentScore) return b.alignmentScore - a.alignmentScore;
    if (a.qualityTier !== b.qualityTier) return a.qualityTier - b.qualityTier;
    if (a.availability !== b.availability) return b.availability - a.availability;
    return stableHash(`${a.username}\\${a.folder}`) - stableHash(`${b.username}\\${b.folder}`);
  });
}
