import { MbRecording, MbReleaseRef, WantedTrack } from './musicbrainz.types';

/** Lower-case, accents and punctuation removed, `&` → `and`; used for every comparison here. */
export function normalizeForMatch(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’‘`"“”]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Qualifiers Spotify adds that don't change the recording ("- 2011 Remaster", "(Deluxe)", "(feat. X)"). */
const NEUTRAL_QUALIFIER =
  /\b(remaster(ed)?|re-?master(ed)?|deluxe|edition|album version|single version|original version|mono|stereo|explicit|clean|bonus track|feat\.?|ft\.?|featuring|with)\b/i;

/** Words that mean a different recording when only one side has them. */
const VERSION_WORDS = [
  'live', 'unplugged', 'remix', 'rmx', 'mix', 'edit', 'acoustic', 'instrumental', 'karaoke', 'demo',
  'cover', 'acapella', 'cappella', 'reprise', 'sped', 'slowed', 'nightcore', 'extended', 'version',
];

/** Title without neutral qualifiers in brackets or after " - ". */
export function baseTitle(title: string): string {
  let result = title.replace(/\s*[([{]([^)\]}]*)[)\]}]/g, (whole, inner: string) => (NEUTRAL_QUALIFIER.test(inner) ? '' : whole));
  result = result.replace(/\s+-\s+(.*)$/, (whole, tail: string) => (NEUTRAL_QUALIFIER.test(tail) ? '' : whole));
  return result.trim() || title;
}

function tokens(value: string): string[] {
  return normalizeForMatch(value).split(' ').filter(Boolean);
}

function jaccard(a: string[], b: string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const setA = new Set(a);
  const setB = new Set(b);
  const shared = [...setA].filter((t) => setB.has(t)).length;
  return shared / (setA.size + setB.size - shared);
}

export function titleSimilarity(candidate: string, wanted: string): number {
  const a = tokens(baseTitle(candidate));
  const b = tokens(baseTitle(wanted));
  if (a.join(' ') === b.join(' ')) return 1;
  const versionMismatch = VERSION_WORDS.some((w) => a.includes(w) !== b.includes(w));
  const score = jaccard(a, b);
  return versionMismatch ? score * 0.5 : score;
}

function stripThe(value: string): string {
  return value.replace(/^the /, '');
}

export function artistSimilarity(recording: MbRecording, wantedArtist: string): number {
  const wanted = stripThe(normalizeForMatch(wantedArtist));
  const names = [recording.artist, ...recording.artistCredits.flatMap((c) => [c.name, c.creditedName])].map((n) =>
    stripThe(normalizeForMatch(n)),
  );
  let best = 0;
  for (const name of names) {
    if (!name) continue;
    if (name === wanted) return 1;
    // "Billie Eilish" wanted, "Billie Eilish & Khalid" credited (or the reverse): a featured artist, not another act.
    const contained = ` ${name} `.includes(` ${wanted} `) || ` ${wanted} `.includes(` ${name} `);
    best = Math.max(best, contained ? 0.9 : jaccard(name.split(' '), wanted.split(' ')));
  }
  return best;
}

/** 1 within 3 s, falling to 0.5 at 10 s and 0 at 30 s; 0.5 when either side is unknown. */
export function durationSimilarity(lengthMs: number | null, wantedMs: number | undefined): number {
  if (lengthMs == null || wantedMs == null) return 0.5;
  const diff = Math.abs(lengthMs - wantedMs) / 1000;
  if (diff <= 3) return 1;
  if (diff <= 10) return 1 - ((diff - 3) / 7) * 0.5;
  if (diff <= 30) return 0.5 - ((diff - 10) / 20) * 0.5;
  return 0;
}

/**
 * Rank of a release for tagging, lower is better:
 * 1. Official before anything else (promotional, bootleg, pseudo-release);
 * 2. studio album (Album without secondary types) < EP < release of unknown type < Single <
 *    everything with a secondary type (Compilation, Live, Soundtrack, Remix, DJ-mix ...);
 * 3. earliest date (a reissue shares the release group with the original, so this picks the original
 *    edition; partial dates sort after full dates of the same year, missing dates last);
 * 4. the release whose title matches the wanted album (only breaks ties);
 * 5. release MBID, so the choice is stable.
 * So a track Spotify lists on a compilation or a 20th-anniversary edition is tagged with its original album.
 */
export function compareReleasesForTagging(a: MbReleaseRef, b: MbReleaseRef, wantedAlbum?: string): number {
  const statusRank = (r: MbReleaseRef) => (r.status === null ? 1 : r.status.toLowerCase() === 'official' ? 0 : 2);
  const typeRank = (r: MbReleaseRef) => {
    const group = r.releaseGroup;
    if (!group || !group.primaryType) return 2;
    if (group.secondaryTypes.length > 0) return 4;
    switch (group.primaryType.toLowerCase()) {
      case 'album':
        return 0;
      case 'ep':
        return 1;
      case 'single':
        return 3;
      default:
        return 2;
    }
  };
  const dateKey = (r: MbReleaseRef) => {
    if (!r.date) return '9999-99-99';
    const [y, m, d] = r.date.split('-');
    return `${y}-${m ?? '99'}-${d ?? '99'}`;
  };
  const albumRank = (r: MbReleaseRef) =>
    wantedAlbum && normalizeForMatch(baseTitle(r.title)) === normalizeForMatch(baseTitle(wantedAlbum)) ? 0 : 1;
  return (
    statusRank(a) - statusRank(b) ||
    typeRank(a) - typeRank(b) ||
    dateKey(a).localeCompare(dateKey(b)) ||
    albumRank(a) - albumRank(b) ||
    a.id.localeCompare(b.id)
  );
}

export function pickReleaseForTagging(releases: MbReleaseRef[], wantedAlbum?: string): MbReleaseRef | null {
  return [...releases].sort((a, b) => compareReleasesForTagging(a, b, wantedAlbum))[0] ?? null;
}

export interface RecordingMatch {
  recording: MbRecording;
  /** Release to tag with (see `compareReleasesForTagging`); null when MusicBrainz listed none. */
  release: MbReleaseRef | null;
  /** 0–1: 0.5 title + 0.3 artist + 0.2 duration. */
  score: number;
  titleScore: number;
  artistScore: number;
  durationScore: number;
}

export interface MatchOptions {
  /** Minimum combined score. Default 0.75. */
  minScore?: number;
}

/**
 * Picks the recording that is the wanted track, or null when none is convincing (abstain rather than tag a
 * wrong version). Hard limits: title ≥ 0.7, artist ≥ 0.6, length within 30 s when both lengths are known.
 * Ties go to the recording released first (originals over re-recordings), then to the one on more releases.
 */
export function bestRecordingMatch(candidates: MbRecording[], wanted: WantedTrack, options: MatchOptions = {}): RecordingMatch | null {
  const minScore = options.minScore ?? 0.75;
  const scored: RecordingMatch[] = [];
  for (const recording of candidates) {
    const titleScore = titleSimilarity(recording.title, wanted.title);
    const artistScore = artistSimilarity(recording, wanted.artist);
    const durationScore = durationSimilarity(recording.lengthMs, wanted.durationMs);
    const tooFar = recording.lengthMs != null && wanted.durationMs != null && Math.abs(recording.lengthMs - wanted.durationMs) > 30_000;
    if (titleScore < 0.7 || artistScore < 0.6 || tooFar) continue;
    const score = 0.5 * titleScore + 0.3 * artistScore + 0.2 * durationScore;
    if (score < minScore) continue;
    scored.push({ recording, release: pickReleaseForTagging(recording.releases, wanted.album), score, titleScore, artistScore, durationScore });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      (a.recording.firstReleaseDate ?? '9999').localeCompare(b.recording.firstReleaseDate ?? '9999') ||
      b.recording.releases.length - a.recording.releases.length ||
      a.recording.id.localeCompare(b.recording.id),
  );
  return scored[0] ?? null;
}
