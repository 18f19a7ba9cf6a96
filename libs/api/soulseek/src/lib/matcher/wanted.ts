import { type ArtistAliases, artistAliases } from './artist';
import { tokens } from './normalize';
import { splitQualifiers, type SplitTitle, splitTitle, classifyQualifier } from './title';
import type { VersionTag, WantedTrack } from './types';
import { isVersionWord } from './vocabulary';

export interface MatcherSettings {
  /** Hard duration tolerance: max(minSeconds, fraction × duration). */
  durationToleranceSeconds: number;
  durationToleranceFraction: number;
  /** |Δ| up to this scores a perfect duration. */
  durationPerfectSeconds: number;
  titleThreshold: number;
  shortTitleThreshold: number;
  acceptIdentity: number;
  strongIdentity: number;
}

export const DEFAULT_SETTINGS: MatcherSettings = {
  durationToleranceSeconds: 8,
  durationToleranceFraction: 0.04,
  durationPerfectSeconds: 2,
  titleThreshold: 0.85,
  shortTitleThreshold: 0.92,
  acceptIdentity: 70,
  strongIdentity: 85,
};

/** Everything derived from the wanted track once, reused for every candidate. */
export interface PreparedWant {
  want: WantedTrack;
  title: SplitTitle;
  /** Title spellings to look for, longest first. */
  titlePhrases: string[][];
  isShortTitle: boolean;
  primary: ArtistAliases;
  /** Other credited artists (Spotify's list and "feat." names in the title). */
  secondary: ArtistAliases[];
  /** Album name without neutral qualifiers; alternates from enrichment. */
  albumPhrases: string[][];
  /** Version tags a candidate may carry: the wanted signature plus what the album name implies. */
  allowedTags: Set<VersionTag>;
  /** Version tags of the album name itself ("Fearless (Taylor's Version)", "Pulse (Live)"). */
  albumTags: Set<VersionTag>;
  /** Words of the wanted title, artists and album. */
  ownWords: Set<string>;
  /**
   * Own words that may be dropped one by one from a residual: name parts, album and optional title
   * words, but no version words ("Live" in "Live Forever" only counts as part of the whole phrase).
   */
  looseOwnWords: Set<string>;
  /** Phrases removed from folder names before looking for version words there. */
  ownPhrases: string[][];
  durationS: number;
  toleranceS: number;
  settings: MatcherSettings;
}

function albumPhrase(album: string): { toks: string[]; tags: VersionTag[] } {
  const { base, qualifiers } = splitQualifiers(album);
  const toks = tokens(base);
  const tags: VersionTag[] = [];
  for (const q of qualifiers) {
    const c = classifyQualifier(q);
    if (c.kind === 'version') tags.push(...c.tags);
    else if (c.kind === 'title-part') toks.push(...tokens(q));
  }
  // "MTV Unplugged In New York", "Live at Wembley": the version word is part of the name.
  const inName = classifyQualifier(base);
  if (inName.kind === 'version') tags.push(...inName.tags);
  return { toks, tags };
}

export function prepareWant(want: WantedTrack, settings: MatcherSettings = DEFAULT_SETTINGS): PreparedWant {
  const title = splitTitle(want.title);
  const titlePhrases: string[][] = [];
  const seen = new Set<string>();
  // "사랑을 했다 (LOVE SCENARIO)", "Gangnam Style (강남스타일)": a bracket in another script is the
  // same title transliterated or translated, and peers often use only that form.
  const isLatin = (toks: string[]): boolean => toks.every((t) => /^[a-z0-9]+$/.test(t));
  const aliasTitles = title.qualifiers
    .filter((q) => q.kind === 'title-part')
    .map((q) => tokens(q.text))
    .filter((q) => q.length > 0 && isLatin(q) !== isLatin(title.base));
  for (const p of [title.full, title.base, ...aliasTitles]) {
    const k = p.join(' ');
    if (p.length > 0 && !seen.has(k)) {
      seen.add(k);
      titlePhrases.push(p);
    }
  }
  const baseText = title.base.join(' ');
  const isShortTitle = title.base.length <= 1 || baseText.replace(/ /g, '').length <= 5;
  const context = [want.album, want.title];
  const [first, ...rest] = want.artists;
  const primary = artistAliases(first ?? '', context);
  const secondaryNames = [...rest, ...title.featuredArtists];
  const secondary = secondaryNames
    .filter((n, i) => secondaryNames.findIndex((m) => tokens(m).join(' ') === tokens(n).join(' ')) === i)
    .map((n) => artistAliases(n, context));
  const albums = [want.album, ...(want.alternateAlbums ?? [])].map(albumPhrase);
  const albumPhrases = albums.map((a) => a.toks).filter((t) => t.length > 0);
  const albumTags = new Set<VersionTag>(albums[0]?.tags ?? []);
  const allowedTags = new Set<VersionTag>([...title.versionTags, ...albumTags]);
  const ownWords = new Set<string>([
    ...title.full,
    ...title.optionalTokens,
    ...title.required.flat(),
    ...[primary, ...secondary].flatMap((a) => a.variants.flatMap((v) => v.toks)),
    ...albumPhrases.flat(),
    ...(title.language ? [title.language] : []),
  ]);
  const looseOwnWords = new Set(
    [
      ...title.optionalTokens,
      ...title.required.flat(),
      ...[primary, ...secondary].flatMap((a) => a.variants.flatMap((v) => v.toks)),
      ...albumPhrases.flat(),
      ...(title.language ? [title.language] : []),
    ].filter((t) => !isVersionWord(t)),
  );
  const ownPhrases = [
    ...titlePhrases,
    ...[primary, ...secondary].flatMap((a) => a.variants.map((v) => v.toks)),
    ...albumPhrases,
  ]
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length);
  const durationS = want.durationMs / 1000;
  const toleranceS = Math.max(settings.durationToleranceSeconds, settings.durationToleranceFraction * durationS);
  return {
    want,
    title,
    titlePhrases,
    isShortTitle,
    primary,
    secondary,
    albumPhrases,
    allowedTags,
    albumTags,
    ownWords,
    looseOwnWords,
    ownPhrases,
    durationS,
    toleranceS,
    settings,
  };
}
