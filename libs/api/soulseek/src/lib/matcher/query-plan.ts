import { artistAliases } from './artist';
import { normalise, STOP_WORDS, stripDiacritics, tokens } from './normalize';
import { splitQualifiers, splitTitle, classifyQualifier } from './title';
import type { WantedTrack } from './types';

export type QueryStepId = 'Q1' | 'Q1b' | 'Q2' | 'Q3' | 'Q4' | 'Q5';

/** When the search gate runs a step (it stops once a strong candidate, or two acceptable ones, exist). */
export type QueryCondition =
  | 'always'
  /** Run right after Q1 (not in parallel). */
  | 'after-previous'
  | 'no-strong-candidate'
  /** Only when Q1 returned no responses at all. */
  | 'previous-empty';

/** Extra acceptance rules for results of a broader query. */
export interface QueryRequirements {
  artistInPath?: boolean;
  durationKnown?: boolean;
  exactTitlePhrase?: boolean;
  /** Album-query results: pick inside a matching album folder by track number + title + duration. */
  albumFolderMatch?: boolean;
}

export interface QueryStep {
  id: QueryStepId;
  query: string;
  when: QueryCondition;
  requirements: QueryRequirements;
  /** slskd `responseLimit`. */
  responseLimit: number;
}

export interface QueryPlanOptions {
  /**
   * Words some peers' clients or the server filter out; they are replaced by a wildcard-safe
   * form. Learnt entries (0 results vs. results for the wildcard variant) can be appended.
   */
  bannedWords?: readonly string[];
  /** MusicBrainz original-release names (album queries). */
  alternateAlbums?: readonly string[];
}

/**
 * Default banned-word table: empty on purpose. The Soulseek server silently drops searches with
 * some terms; the search gate learns entries (0 results for a query, results for its wildcard
 * form) and passes them in. A leading `*` replacing the first letter still matches peers' paths.
 */
export const DEFAULT_BANNED_WORDS: readonly string[] = [];

function applyBanned(query: string, banned: readonly string[]): string {
  let q = ` ${query} `;
  for (const b of banned) {
    const nb = normalise(b);
    if (!nb) continue;
    // "beatles" → "*eatles": a wildcard prefix is allowed, the banned word itself is not sent.
    q = q.replace(new RegExp(` ${nb.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `, 'g'), (m) => {
      const words = m.trim().split(' ');
      return ` ${words.map((w) => (w.length > 3 ? `*${w.slice(1)}` : w)).join(' ')} `;
    });
  }
  return q.trim().replace(/\s+/g, ' ');
}

/** The base title with neutral qualifiers and feat. credits removed; version qualifiers kept. */
function queryTitle(title: string): string {
  const { base, qualifiers } = splitQualifiers(title);
  const kept: string[] = [];
  for (const q of qualifiers) {
    const c = classifyQualifier(q);
    // Only the name part of a version qualifier narrows the search ("Skrillex"), not "remix".
    if (c.kind === 'version' && c.required) kept.push(c.required.join(' '));
  }
  return [normalise(base), ...kept].filter((s) => s !== '').join(' ');
}

/** Words that are rare or odd enough that dropping one can rescue a query with 0 results. */
function dropRareToken(query: string, protectedWords: ReadonlySet<string>): string | null {
  const words = query.split(' ');
  if (words.length < 3) return null;
  const score = (w: string): number =>
    (/^\d+$/.test(w) ? 3 : 0) + (/[^a-z0-9]/.test(w) ? 2 : 0) + (w.length <= 2 ? 1 : 0) + (protectedWords.has(w) ? -10 : 0);
  let best = -1;
  let bestScore = 0;
  words.forEach((w, i) => {
    const s = score(w);
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  });
  if (best < 0) return null;
  return words.filter((_, i) => i !== best).join(' ');
}

/**
 * The search plan for one wanted track: few, clean, discriminative words first; broader queries
 * only as fallbacks with stricter acceptance. The search gate executes it in order.
 */
export function buildQueryPlan(want: WantedTrack, options: QueryPlanOptions = {}): QueryStep[] {
  const banned = options.bannedWords ?? DEFAULT_BANNED_WORDS;
  const steps: QueryStep[] = [];
  const seen = new Set<string>();
  const push = (step: QueryStep): void => {
    const key = step.query;
    if (!key || seen.has(key)) return;
    seen.add(key);
    steps.push(step);
  };
  const primary = want.artists[0] ?? '';
  const artistQ = normalise(primary) || primary.trim();
  const title = queryTitle(want.title);
  const q1 = applyBanned(`${artistQ} ${title}`.trim(), banned);
  push({ id: 'Q1', query: q1, when: 'always', requirements: {}, responseLimit: 150 });

  // Q1b: the spelling peers are likely to use when it differs (symbols, "The", transliteration).
  const aliases = artistAliases(primary).variants.filter((v) => v.toks.length > 0);
  const alias = aliases.map((v) => v.toks.join(' ')).find((a) => a !== artistQ && a.length >= 3);
  const plainTitle = stripDiacritics(want.title) !== want.title ? title : null;
  if (alias && !tokens(artistQ).every((t) => alias.split(' ').includes(t))) {
    push({ id: 'Q1b', query: applyBanned(`${alias} ${title}`, banned), when: 'after-previous', requirements: {}, responseLimit: 150 });
  } else if (plainTitle && alias) {
    push({ id: 'Q1b', query: applyBanned(`${alias} ${plainTitle}`, banned), when: 'after-previous', requirements: {}, responseLimit: 150 });
  }

  for (const album of [want.album, ...(options.alternateAlbums ?? [])]) {
    const albumQ = normalise(splitQualifiers(album).base);
    if (albumQ) {
      push({
        id: 'Q2',
        query: applyBanned(`${artistQ} ${albumQ}`, banned),
        when: 'no-strong-candidate',
        requirements: { albumFolderMatch: true },
        responseLimit: 150,
      });
    }
  }

  const split = splitTitle(want.title);
  const meaningful = split.base.filter((t) => !STOP_WORDS.has(t));
  if (meaningful.length >= 2 || split.base.join('').length >= 8) {
    push({
      id: 'Q3',
      query: applyBanned(title, banned),
      when: 'no-strong-candidate',
      requirements: { artistInPath: true, durationKnown: true, exactTitlePhrase: true },
      responseLimit: 250,
    });
  }

  const secondary = [...want.artists.slice(1), ...split.featuredArtists];
  if (secondary.length > 0) {
    const s = normalise(secondary[0]);
    if (s) {
      push({ id: 'Q4', query: applyBanned(`${s} ${title}`, banned), when: 'no-strong-candidate', requirements: {}, responseLimit: 150 });
    }
  }

  const protectedWords = new Set(tokens(primary));
  const dropped = dropRareToken(q1, protectedWords);
  if (dropped) push({ id: 'Q5', query: dropped, when: 'previous-empty', requirements: {}, responseLimit: 150 });
  return steps;
}
