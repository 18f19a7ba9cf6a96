/**
 * Text normalisation shared by every matcher step. Matching works on whole tokens, never on
 * substrings, so that "live" never matches "Alive" or "Oliver".
 */

// NFKD does not decompose these letters; without the map "MØ" would lose its vowel.
const SPECIAL_LETTERS: Record<string, string> = {
  ø: 'o',
  Ø: 'o',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ß: 'ss',
  đ: 'd',
  Đ: 'd',
  ł: 'l',
  Ł: 'l',
  þ: 'th',
  ð: 'd',
  ı: 'i',
};

const SPECIAL_RE = /[øØæÆœŒßđĐłŁþðı]/g;
// Punctuation that separates words. Apostrophes are dropped instead ("Don't" -> "dont").
const SEPARATORS_RE = /[_.\-–—/\\|:;,!?()[\]{}"+*#~<>=¡¿@$%^`´“”„«»‹›·•…]/g;
const APOSTROPHES_RE = /['’‘ʼ]/g;

export function stripDiacritics(text: string): string {
  // Most share paths are plain ASCII; skip the Unicode work for them.
  // eslint-disable-next-line no-control-regex
  if (!/[^\u0000-\u007f]/.test(text)) return text;
  return text
    .replace(SPECIAL_RE, (c) => SPECIAL_LETTERS[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '');
}

/** NFKD, no diacritics, lower case, `&` → `and`, no apostrophes, punctuation → spaces, collapsed. */
export function normalise(text: string): string {
  return stripDiacritics(text)
    .toLowerCase()
    // Dotted acronyms are one word: "R.E.M." = "REM", "C.R.E.A.M." = "CREAM".
    .replace(/\b(?:[a-z]\.){2,}[a-z]?/g, (m) => m.replace(/\./g, ''))
    .replace(/&/g, ' and ')
    .replace(APOSTROPHES_RE, '')
    .replace(SEPARATORS_RE, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function tokens(text: string): string[] {
  const n = normalise(text);
  return n === '' ? [] : n.split(' ');
}

/** Index of the first (or last) contiguous occurrence of `phrase` in `toks` at unmasked positions. */
export function findPhrase(
  toks: readonly string[],
  phrase: readonly string[],
  masked?: readonly boolean[],
  fromEnd = false,
): number {
  if (phrase.length === 0 || phrase.length > toks.length) return -1;
  const last = toks.length - phrase.length;
  for (let k = 0; k <= last; k++) {
    const i = fromEnd ? last - k : k;
    let ok = true;
    for (let j = 0; j < phrase.length; j++) {
      if (toks[i + j] !== phrase[j] || (masked && masked[i + j])) {
        ok = false;
        break;
      }
    }
    if (ok) return i;
  }
  return -1;
}

export function containsPhrase(toks: readonly string[], phrase: readonly string[]): boolean {
  return findPhrase(toks, phrase) >= 0;
}

/** Indel-based similarity in [0, 1] (the measure behind difflib/rapidfuzz `ratio`). */
export function ratio(a: string, b: string): number {
  if (a === b) return 1;
  const total = a.length + b.length;
  if (total === 0) return 1;
  // LCS length via a rolling row; strings here are short (titles).
  const prev = new Array<number>(b.length + 1).fill(0);
  const cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    }
    for (let j = 0; j <= b.length; j++) prev[j] = cur[j];
  }
  return (2 * prev[b.length]) / total;
}

export function tokenSortRatio(a: readonly string[], b: readonly string[]): number {
  return ratio([...a].sort().join(' '), [...b].sort().join(' '));
}

export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'and',
  'of',
  'in',
  'on',
  'to',
  'de',
  'la',
  'le',
  'el',
  'der',
  'die',
  'das',
]);

export function isYear(tok: string): boolean {
  return /^(19|20)\d\d$/.test(tok);
}

export function isNumber(tok: string): boolean {
  return /^\d+$/.test(tok);
}
