import { findPhrase, normalise, tokens } from './normalize';

/** One spelling of an artist: normalised tokens, or the raw text for names made only of symbols. */
export interface ArtistVariant {
  toks: string[];
  /** Lower-cased raw name for symbol-only names such as "!!!". */
  raw?: string;
}

export interface ArtistAliases {
  name: string;
  variants: ArtistVariant[];
}

/**
 * Known spellings of an artist as peers write them. Rules, not a lookup table of specific
 * artists: symbol letters (P!nk, Ke$ha), joined short names (AC/DC → acdc), optional leading
 * "The" (also "Beatles, The"), "X & The Y" → X, acronyms of long names (ELO), "n" ↔ "and",
 * and a composer's surname when the wanted album or title uses it ("Vivaldi: The Four Seasons").
 */
export function artistAliases(name: string, context: readonly string[] = []): ArtistAliases {
  const out = new Map<string, ArtistVariant>();
  const add = (toks: string[]): void => {
    const clean = toks.filter((t) => t !== '');
    if (clean.length === 0) return;
    const key = clean.join(' ');
    if (!out.has(key)) out.set(key, { toks: clean });
  };
  const base = tokens(name);
  if (base.length === 0) {
    const raw = name.trim().toLowerCase();
    if (raw) out.set(`raw:${raw}`, { toks: [], raw });
  }
  add(base);
  add(tokens(name.replace(/!/g, 'i').replace(/\$/g, 's').replace(/@/g, 'a')));
  const joined = base.join('');
  if (base.length > 1 && base.length <= 3 && joined.length <= 8) add([joined]);
  if (base[0] === 'the' && base.length > 1 && base.slice(1).join(' ').length >= 4) {
    add(base.slice(1));
    add([...base.slice(1), 'the']);
  }
  const andThe = base.indexOf('and');
  if (andThe > 0 && base[andThe + 1] === 'the') {
    const lead = base.slice(0, andThe);
    if (lead.join(' ').length >= 5) add(lead);
  }
  const forAcronym = base[0] === 'the' ? base.slice(1) : base;
  if (forAcronym.length >= 3) add([forAcronym.map((t) => t[0]).join('')]);
  if (base.includes('n')) add(base.map((t) => (t === 'n' ? 'and' : t)));
  if (base.includes('and')) add(base.map((t) => (t === 'and' ? 'n' : t)));
  const surname = base[base.length - 1];
  if (base.length >= 2 && surname && surname.length >= 5) {
    const ctx = new Set(context.flatMap((c) => tokens(c)));
    if (ctx.has(surname)) add([surname]);
  }
  return { name, variants: [...out.values()] };
}

/** Where an artist occurs in a token list; -1 if absent. */
export function findArtist(
  aliases: ArtistAliases,
  toks: readonly string[],
  rawLower: string,
  masked?: boolean[],
): { index: number; length: number } | null {
  // Longest spelling first so that "the beatles" is consumed before "beatles".
  const sorted = [...aliases.variants].sort((a, b) => b.toks.length - a.toks.length);
  for (const v of sorted) {
    if (v.raw !== undefined) {
      if (rawLower.includes(v.raw)) return { index: -1, length: 0 };
      continue;
    }
    const i = findPhrase(toks, v.toks, masked);
    if (i >= 0) return { index: i, length: v.toks.length };
  }
  return null;
}

export function normalisedArtist(name: string): string {
  return normalise(name);
}
