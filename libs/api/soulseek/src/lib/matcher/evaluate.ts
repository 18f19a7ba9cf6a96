import { findArtist, type ArtistAliases } from './artist';
import { parseCandidatePath, trackNumberReadings, type ParsedCandidate } from './candidate';
import { findPhrase, normalise, ratio, STOP_WORDS, tokenSortRatio } from './normalize';
import { assessQuality, formatOf, isLosslessFormat, type QualityProfile } from './profiles';
import type { RejectReason, SlskdSearchFile, VersionTag } from './types';
import { FEAT_WORDS, isVersionWord, NOISE_WORDS, QUALITY_GROUP_RE, scanChunk, scanFolderTags } from './vocabulary';
import type { PreparedWant } from './wanted';

/** Result of the per-file checks, before set-level terms (consensus, availability) are known. */
export type FileAssessment =
  | { ok: false; reason: RejectReason; detail?: string }
  | {
      ok: true;
      title: number;
      artist: number;
      duration: number;
      album: number;
      trackNumber: number;
      /** Multiplier for a wanted version that the candidate does not show. */
      versionFactor: number;
      penalty: number;
      quality: number;
      qualityTier: number;
      /** Seconds if known, for consensus grouping. */
      length: number | null;
      reasons: string[];
    };

interface FolderInfo {
  toks: string[];
  /** Version tags, computed on first use (only the album folder and its parent need them). */
  tags?: Set<VersionTag>;
  remixFolder?: boolean;
}

/** What the file name alone says; peers share the same names, so it is cached per name. */
interface NameAnalysis {
  primaryInFile: boolean;
  secondaryInFile: boolean;
  /** First required phrase the name lacks, or null. */
  missingRequired: string | null;
  /** Name of another remixer/performance when a version is wanted, or null. */
  otherVersion: string | null;
  /** A leading segment that names someone else ("Other Artist - Title"), or null. */
  foreignLead: string | null;
  /** Featured artists the wanted track does not credit, or null. */
  otherFeature: string | null;
  /** A word glued to the title phrase ("Numb Tonight"), or null. */
  titleExtension: string | null;
  candTags: Set<VersionTag>;
  trackReadings: { disc?: number; track: number }[];
  /** Title score from the title rule (phrase or fuzzy, minus unexplained words). */
  title: number;
  cleanMark: boolean;
  explicitMark: boolean;
}

/** Caches for one wanted track: never share one between different wanted tracks. */
export interface EvalCache {
  folders: Map<string, FolderInfo>;
  albumScores: Map<string, number>;
  names: Map<string, NameAnalysis>;
}

export function newEvalCache(): EvalCache {
  return { folders: new Map(), albumScores: new Map(), names: new Map() };
}

function analyseName(want: PreparedWant, parsed: ParsedCandidate, cache: EvalCache): NameAnalysis {
  const hit = cache.names.get(parsed.stem);
  if (hit) return hit;
  // Flatten the file name into tokens that remember their chunk.
  const toks: string[] = [];
  const chunkOf: number[] = [];
  parsed.chunks.forEach((c, ci) => {
    for (const t of c) {
      toks.push(t);
      chunkOf.push(ci);
    }
  });
  const masked = new Array<boolean>(toks.length).fill(false);

  // Title: the last occurrence, since names put the artist (and album) first.
  let titleFound = false;
  let titleStart = -1;
  let titleEnd = -1;
  for (const phrase of want.titlePhrases) {
    const i = findPhrase(toks, phrase, masked, true);
    if (i >= 0) {
      for (let j = 0; j < phrase.length; j++) masked[i + j] = true;
      titleFound = true;
      titleStart = i;
      titleEnd = i + phrase.length;
      break;
    }
  }
  const rawName = parsed.fileName.toLowerCase();
  const primaryInFile = maskArtist(want.primary, toks, masked, rawName);
  let secondaryInFile = false;
  for (const s of want.secondary) if (maskArtist(s, toks, masked, rawName)) secondaryInFile = true;

  let missingRequired: string | null = null;
  for (const req of want.title.required) {
    const i = findPhrase(toks, req);
    if (i < 0) {
      missingRequired ??= req.join(' ');
      continue;
    }
    for (let j = 0; j < req.length; j++) masked[i + j] = true;
  }
  // The album name in the file name explains its words (only as a whole phrase).
  for (const a of want.albumPhrases) {
    const i = findPhrase(toks, a, masked);
    if (i >= 0) for (let j = 0; j < a.length; j++) masked[i + j] = true;
  }
  // Leading track number.
  let trackReadings: { disc?: number; track: number }[] = [];
  if (toks.length > 0 && !masked[0] && (titleStart !== 0 || !titleFound)) {
    trackReadings = trackNumberReadings(toks[0], masked[1] ? undefined : toks[1]);
    if (trackReadings.length > 0) {
      masked[0] = true;
      if (trackReadings[0].disc !== undefined && /^\d{2}$/.test(toks[1] ?? '') && toks[0].length <= 2) masked[1] = true;
    }
  }

  // Residual: per chunk, classify what is left.
  const candTags = new Set<VersionTag>();
  const unexplained: string[] = [];
  // Unknown words in a segment after the title ("(Wembley 1986)", "- Encore") read like a
  // qualifier we do not know, so they weigh double; words before it are often album names.
  let suffixUnexplained = 0;
  const titleChunk = titleFound ? chunkOf[titleEnd - 1] : Number.POSITIVE_INFINITY;
  let otherVersion: string | null = null;
  let otherFeature: string | null = null;
  let foreignLead: string | null = null;
  const lastChunk = parsed.chunks.length - 1;
  for (let ci = 0; ci < parsed.chunks.length; ci++) {
    // "01-artist-title-group": the scene group tag says nothing about the recording.
    const groupTag = parsed.scene && ci === lastChunk && ci > titleChunk && parsed.chunks[ci].length === 1;
    if (groupTag && !isVersionWord(parsed.chunks[ci][0])) continue;
    const rest: string[] = [];
    let hadFeat = false;
    for (let i = 0; i < toks.length; i++) {
      if (chunkOf[i] !== ci || masked[i]) continue;
      const t = toks[i];
      if (FEAT_WORDS.has(t)) hadFeat = true;
      if (want.looseOwnWords.has(t) && !FEAT_WORDS.has(t)) continue;
      rest.push(t);
    }
    if (rest.length === 0) continue;
    const scan = scanChunk(rest);
    for (const t of scan.tags) candTags.add(t);
    // A wanted version by someone else: "(Diplo Remix)" when the plain "Remix" (or another
    // remixer's) is wanted, "(Live at Wembley)" when "Live Aid" is.
    // The same holds for a version the wanted album implies ("MTV Unplugged in New York" vs
    // "(Live at Reading)").
    const versionWanted =
      want.title.versionTags.size > 0 || [...scan.tags].some((t) => t !== 'original' && want.allowedTags.has(t));
    if (scan.versionNames.length > 0 && versionWanted) otherVersion ??= scan.versionNames.join(' ');
    const names = scan.unexplained.filter((t) => !FEAT_WORDS.has(t));
    // "(feat. Somebody Else)": a version with a different guest, whatever version is wanted.
    if (hadFeat && names.length > 0 && rest.some((t) => FEAT_WORDS.has(t) && t !== 'with' && t !== 'x')) {
      otherFeature ??= names.join(' ');
    } else {
      unexplained.push(...names);
      if (ci > titleChunk) suffixUnexplained += names.length;
      // "Amanda Palmer - Creep" inside a Radiohead folder: a leading segment made only of
      // unknown words is another performer's name.
      if (titleFound && ci < titleChunk && names.length > 0 && names.length === rest.filter((t) => !FEAT_WORDS.has(t)).length) {
        foreignLead ??= names.join(' ');
      }
    }
  }

  // "Numb Tonight", "Beyond Numb", "Highway to Hell Blues": a word glued to the title phrase in
  // the same segment makes it another title.
  let titleExtension: string | null = null;
  if (titleFound) {
    for (const i of [titleStart - 1, titleEnd]) {
      if (i < 0 || i >= toks.length || masked[i]) continue;
      if (chunkOf[i] !== chunkOf[i === titleEnd ? titleEnd - 1 : titleStart]) continue;
      if (unexplained.includes(toks[i])) titleExtension ??= toks[i];
    }
  }

  let title: number;
  if (titleFound) {
    title = 1 - 0.1 * unexplained.length - 0.1 * suffixUnexplained;
  } else {
    const base = want.title.base;
    const baseSet = new Set(base);
    const core = unexplained.filter((t) => !STOP_WORDS.has(t) || baseSet.has(t));
    const fuzzy = tokenSortRatio(base, core);
    const extra = core.filter((t) => !baseSet.has(t) && !base.some((b) => ratio(b, t) >= 0.8)).length;
    title = fuzzy - 0.1 * extra;
  }
  const result: NameAnalysis = {
    primaryInFile,
    secondaryInFile,
    missingRequired,
    otherVersion,
    otherFeature,
    foreignLead,
    titleExtension,
    candTags,
    trackReadings,
    title,
    cleanMark: toks.some((t) => t === 'clean' || t === 'censored' || t === 'edited'),
    explicitMark: toks.includes('explicit'),
  };
  cache.names.set(parsed.stem, result);
  return result;
}

function folderInfo(folder: string, cache: EvalCache): FolderInfo {
  const hit = cache.folders.get(folder);
  if (hit) return hit;
  const toks = normalise(folder.replace(QUALITY_GROUP_RE, ' '))
    .split(' ')
    .filter((t) => t !== '');
  const info: FolderInfo = { toks };
  cache.folders.set(folder, info);
  return info;
}

function folderTagsOf(info: FolderInfo, want: PreparedWant): Set<VersionTag> {
  if (info.tags) return info.tags;
  const toks = info.toks;
  // Remove the wanted title/artist/album as phrases first: "Oasis - Live Forever (Single)" is
  // not a live folder, "Oasis - Live at Knebworth" is.
  const masked = new Array<boolean>(toks.length).fill(false);
  for (const phrase of want.ownPhrases) {
    for (let n = 0; n < 4; n++) {
      const i = findPhrase(toks, phrase, masked);
      if (i < 0) break;
      for (let j = 0; j < phrase.length; j++) masked[i + j] = true;
    }
  }
  const foreign = toks.filter((t, i) => !masked[i] && !want.looseOwnWords.has(t));
  const tags = scanFolderTags(foreign);
  // "… Remixes" folders often hold the original mix too: a hint, not proof.
  info.remixFolder = tags.delete('remix');
  info.tags = tags;
  return tags;
}

function implausibleTagFor(want: PreparedWant, tags: Iterable<VersionTag>): VersionTag | null {
  const wantsVersion = want.title.versionTags.size > 0;
  for (const t of tags) {
    if (t === 'original') {
      if (wantsVersion) return t;
      continue;
    }
    if (!want.allowedTags.has(t)) return t;
  }
  return null;
}

function maskArtist(
  aliases: ArtistAliases,
  toks: string[],
  masked: boolean[],
  raw: string,
): boolean {
  let found = false;
  // "Live - Lightning Crashes (Live)": a name that is also a version word is consumed once only.
  const repeatable = aliases.variants.every((v) => v.toks.some((t) => !isVersionWord(t)));
  for (let n = 0; n < (repeatable ? 3 : 1); n++) {
    const hit = findArtist(aliases, toks, raw, masked);
    if (!hit) break;
    found = true;
    if (hit.index < 0) break;
    for (let j = 0; j < hit.length; j++) masked[hit.index + j] = true;
  }
  return found;
}

function artistInFolders(aliases: ArtistAliases, folders: readonly FolderInfo[], rawPath: string): boolean {
  return folders.some((f) => findArtist(aliases, f.toks, rawPath) !== null);
}

/**
 * FLAC rarely goes below ~27 % of the PCM rate for real music (CD audio: ~380 of 1411 kbps), while
 * truncated or mislabelled files land far lower. Hi-res floors scale with depth and rate.
 */
const LOSSLESS_MIN_RATIO = 0.27;
const LOSSLESS_FLOOR_KBPS = 300;
const TRUNCATION_RATIO = 0.7;

export function assessFile(
  want: PreparedWant,
  username: string,
  file: SlskdSearchFile,
  profile: QualityProfile,
  cache: EvalCache,
): FileAssessment {
  const parsed: ParsedCandidate = parseCandidatePath(file.filename, file.extension);
  const fmt = formatOf(parsed.extension);
  if (!fmt) return { ok: false, reason: 'not_audio', detail: parsed.extension || 'no extension' };
  if (!profile.allowedFormats.includes(fmt)) return { ok: false, reason: 'format_not_allowed', detail: fmt };
  if (profile.bannedUsers?.includes(username)) return { ok: false, reason: 'blocked_user' };
  if (profile.minSizeBytes !== undefined && file.size < profile.minSizeBytes) return { ok: false, reason: 'size_limit' };
  if (profile.maxSizeBytes !== undefined && file.size > profile.maxSizeBytes) return { ok: false, reason: 'size_limit' };

  const rawPath = file.filename.toLowerCase();
  const folderInfos = parsed.folders.map((f) => folderInfo(f, cache));
  if (profile.ignoredWords?.length || profile.requiredWords?.length) {
    // The whole path counts, bracketed quality groups too: "[WEB]" and "(24-96 FLAC)" are what users ask for.
    const pathToks = new Set([...folderInfos.flatMap((f) => f.toks), ...parsed.chunks.flat(), ...normalise(file.filename).split(' ')]);
    for (const w of profile.ignoredWords ?? []) {
      if (normalise(w).split(' ').every((t) => pathToks.has(t))) return { ok: false, reason: 'banned_word', detail: w };
    }
    for (const w of profile.requiredWords ?? []) {
      if (!normalise(w).split(' ').every((t) => pathToks.has(t))) {
        return { ok: false, reason: 'required_word_missing', detail: w };
      }
    }
  }

  const name = analyseName(want, parsed, cache);
  const { candTags, trackReadings, title } = name;

  // Artist: primary first; secondary credits count for less.
  let artist = 0;
  if (name.primaryInFile) artist = 1;
  else if (artistInFolders(want.primary, folderInfos, rawPath)) artist = 0.9;
  else if (name.secondaryInFile) artist = 0.7;
  else if (want.secondary.some((s) => artistInFolders(s, folderInfos, rawPath))) artist = 0.63;
  if (artist === 0) return { ok: false, reason: 'artist_missing' };
  if (!name.primaryInFile && !name.secondaryInFile && name.foreignLead !== null) {
    return { ok: false, reason: 'artist_missing', detail: `file names another artist: ${name.foreignLead}` };
  }

  // Required phrases (remixer, event) must be named in the file itself, unless the file sits in
  // the wanted album's folder (checked with the duration below).
  let requiredViaAlbum = false;
  if (name.missingRequired !== null) {
    if (albumMatch(want, parsed, cache) < 1) {
      return { ok: false, reason: 'required_phrase_missing', detail: name.missingRequired };
    }
    requiredViaAlbum = true;
  }
  if (name.otherVersion !== null) return { ok: false, reason: 'version_mismatch', detail: `other version: ${name.otherVersion}` };
  if (name.otherFeature !== null) {
    return { ok: false, reason: 'version_mismatch', detail: `other featured artist: ${name.otherFeature}` };
  }
  if (name.titleExtension !== null) {
    return { ok: false, reason: 'title_mismatch', detail: `title extended by "${name.titleExtension}"` };
  }

  const badTag = implausibleTagFor(want, candTags);
  if (badTag) return { ok: false, reason: 'version_mismatch', detail: badTag };
  // Version words in the album folder (or its parent / disc folder): live, karaoke, tribute …
  const albumFolderIdx = parsed.folders.lastIndexOf(parsed.albumFolder);
  const nearFolders = folderInfos.slice(Math.max(0, albumFolderIdx - 1));
  const folderTags = new Set<VersionTag>();
  for (const f of nearFolders) for (const t of folderTagsOf(f, want)) folderTags.add(t);
  const badFolderTag = implausibleTagFor(want, folderTags);
  if (badFolderTag && badFolderTag !== 'original') {
    return { ok: false, reason: 'version_mismatch', detail: `folder:${badFolderTag}` };
  }

  const threshold = want.isShortTitle ? want.settings.shortTitleThreshold : want.settings.titleThreshold;
  if (title < threshold) return { ok: false, reason: 'title_mismatch', detail: title.toFixed(2) };

  // Duration.
  const reasons: string[] = [];
  const D = want.durationS;
  const tol = want.toleranceS;
  const length = typeof file.length === 'number' && file.length > 0 ? file.length : null;
  const bitRate = typeof file.bitRate === 'number' && file.bitRate > 0 ? file.bitRate : null;
  const lossless = isLosslessFormat(fmt);
  let duration: number;
  const albumScore = albumMatch(want, parsed, cache);
  const trackScore = trackNumberScore(want, trackReadings, parsed.discFromFolder);
  if (length !== null) {
    const delta = Math.abs(length - D);
    if (delta > tol) return { ok: false, reason: 'wrong_duration', detail: `${Math.round(length - D)}s` };
    const perfect = want.settings.durationPerfectSeconds;
    duration = delta <= perfect ? 1 : Math.max(0, 1 - (delta - perfect) / (tol - perfect));
  } else {
    // A CBR size tells the length well enough to catch edits and extended mixes.
    if (!lossless && bitRate !== null && file.isVariableBitRate !== true) {
      const est = (file.size * 8) / (bitRate * 1000);
      if (est < D - tol * 1.5 || est > D * 1.6 + 30) {
        return { ok: false, reason: 'wrong_duration', detail: `~${Math.round(est - D)}s by size` };
      }
    }
    const strongText = artist >= 0.9 && title >= 0.95 && (albumScore >= 1 || trackScore === 1);
    if (!strongText) return { ok: false, reason: 'unknown_duration' };
    duration = 0.3;
    reasons.push('length unknown');
  }

  // Size sanity.
  const seconds = length ?? D;
  const impliedKbps = (file.size * 8) / seconds / 1000;
  let qualityPenalty = 0;
  if (lossless) {
    const pcmKbps = ((file.bitDepth ?? 16) * (file.sampleRate ?? 44100) * 2) / 1000;
    const minKbps = Math.max(LOSSLESS_FLOOR_KBPS, LOSSLESS_MIN_RATIO * pcmKbps);
    if (impliedKbps < minKbps) return { ok: false, reason: 'truncated', detail: `${Math.round(impliedKbps)} kbps` };
    if (bitRate !== null && impliedKbps < TRUNCATION_RATIO * bitRate) {
      return { ok: false, reason: 'truncated', detail: `${Math.round(impliedKbps)} of ${bitRate} kbps` };
    }
  } else if (bitRate !== null) {
    if (impliedKbps < TRUNCATION_RATIO * bitRate) {
      return { ok: false, reason: 'truncated', detail: `${Math.round(impliedKbps)} of ${bitRate} kbps` };
    }
    if (impliedKbps < 0.75 * bitRate) {
      qualityPenalty = 30;
      reasons.push('size and bitrate disagree');
    }
  } else if (impliedKbps < 64) {
    return { ok: false, reason: 'truncated', detail: `${Math.round(impliedKbps)} kbps` };
  }

  // Profile limits.
  if (!lossless && bitRate !== null) {
    if (profile.minBitrate !== undefined && bitRate < profile.minBitrate) return { ok: false, reason: 'below_profile', detail: `${bitRate} kbps` };
    if (profile.maxBitrate !== undefined && bitRate > profile.maxBitrate) return { ok: false, reason: 'below_profile', detail: `${bitRate} kbps` };
  }
  if (profile.maxBitDepth !== undefined && (file.bitDepth ?? 0) > profile.maxBitDepth) return { ok: false, reason: 'below_profile', detail: `${file.bitDepth} bit` };
  if (profile.maxSampleRate !== undefined && (file.sampleRate ?? 0) > profile.maxSampleRate) return { ok: false, reason: 'below_profile', detail: `${file.sampleRate} Hz` };

  const q = assessQuality(fmt, file, profile);

  // A wanted version must be visible, or the file must sit in the wanted album at the right length.
  let versionFactor = 1;
  for (const t of want.title.versionTags) {
    // Edits and extended mixes are defined by their length: a file that has the wanted edit's
    // length (the original is minutes longer or shorter) shows the version by its duration.
    const byLength = (t === 'radio_edit' || t === 'extended') && length !== null && Math.abs(length - D) <= 3;
    // The album folder vouches for the version, except for re-recorded albums, which share their
    // name with the original: "Fearless" is not "Fearless (Taylor's Version)". ("Pulse" is "Pulse (Live)".)
    const byAlbum = albumScore >= 1 && length !== null && !want.albumTags.has('re_recording');
    const visible = (candTags.has(t) && !requiredViaAlbum) || folderTags.has(t) || byAlbum || byLength;
    if (!visible) {
      versionFactor = 0.6;
      reasons.push(`wanted ${t} not visible`);
      break;
    }
  }
  let penalty = 0;
  if (parsed.isCompilation && want.want.albumType !== 'compilation' && albumScore < 1) {
    penalty += 3;
    reasons.push('compilation folder');
  }
  if (nearFolders.some((f) => f.remixFolder === true) && !want.allowedTags.has('remix')) {
    penalty += 5;
    reasons.push('remix folder');
  }
  const cleanMark = !candTags.has('original') && name.cleanMark;
  const explicitMark = name.explicitMark;
  if (want.want.explicit === true && cleanMark) {
    penalty += 8;
    reasons.push('clean copy of an explicit track');
  } else if (want.want.explicit === false && explicitMark) {
    penalty += 3;
  }
  if (artist < 1) reasons.push(artist >= 0.9 ? 'artist in folder only' : 'secondary artist only');
  if (title < 1) reasons.push(`title ${title.toFixed(2)}`);

  return {
    ok: true,
    title,
    artist,
    duration,
    album: albumScore,
    trackNumber: trackScore,
    versionFactor,
    penalty,
    quality: Math.max(0, q.score - qualityPenalty),
    qualityTier: q.tier,
    length,
    reasons,
  };
}

function albumMatch(want: PreparedWant, parsed: ParsedCandidate, cache: EvalCache): number {
  const hit = cache.albumScores.get(parsed.albumFolder);
  if (hit !== undefined) return hit;
  const score = albumMatchUncached(want, parsed);
  cache.albumScores.set(parsed.albumFolder, score);
  return score;
}

function albumMatchUncached(want: PreparedWant, parsed: ParsedCandidate): number {
  if (want.albumPhrases.length === 0) return 0;
  const folderToks = normalise(parsed.albumFolder.replace(QUALITY_GROUP_RE, ' '))
    .split(' ')
    .filter((t) => t !== '');
  let best = 0;
  const artistToks = new Set(want.primary.variants.flatMap((v) => v.toks));
  for (const a of want.albumPhrases) {
    if (findPhrase(folderToks, a) >= 0) return 1;
    const albumSet = new Set(a);
    const core = folderToks.filter(
      (t) => !NOISE_WORDS.has(t) && !/^\d+$/.test(t) && (albumSet.has(t) || !artistToks.has(t)),
    );
    const r = tokenSortRatio(a, core);
    if (r >= 0.85) best = Math.max(best, 0.6);
  }
  return best;
}

function trackNumberScore(
  want: PreparedWant,
  readings: { disc?: number; track: number }[],
  discFromFolder: number | undefined,
): number {
  const wantTrack = want.want.trackNumber;
  if (wantTrack === undefined || readings.length === 0) return 0.5;
  const wantDisc = want.want.discNumber ?? 1;
  const alt = want.want.alternateTrackNumbers ?? [];
  for (const r of readings) {
    const disc = r.disc ?? discFromFolder;
    if ((r.track === wantTrack || alt.includes(r.track)) && (disc === undefined || disc === wantDisc || alt.includes(r.track))) {
      return 1;
    }
  }
  return 0;
}
