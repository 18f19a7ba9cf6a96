import { normalise, STOP_WORDS, tokens } from './normalize';
import type { VersionTag } from './types';
import { isVersionWord, LANGUAGES, scanChunk } from './vocabulary';

export type QualifierKind = 'neutral' | 'version' | 'language' | 'feat' | 'title-part';

export interface TitleQualifier {
  text: string;
  kind: QualifierKind;
  tags: VersionTag[];
  /** Version qualifiers: the name part (remixer, event) that the candidate must carry too. */
  required?: string[];
}

export interface SplitTitle {
  /** Title without qualifiers, normalised tokens. */
  base: string[];
  /** Base plus title-part qualifiers ("Sweet Dreams (Are Made of This)"), normalised tokens. */
  full: string[];
  qualifiers: TitleQualifier[];
  /** Wanted version signature V_w. */
  versionTags: Set<VersionTag>;
  /** Normalised phrases (token lists) each candidate must contain, e.g. a remixer's name. */
  required: string[][];
  /** Featured artists named in the title ("feat. X"). */
  featuredArtists: string[];
  /** Tokens of title-part qualifiers: optional on the candidate, never "unexplained". */
  optionalTokens: Set<string>;
  /**
   * "Bailando - Spanish Version": the language a candidate may name. Unlike other versions it is
   * not required (the unmarked file is usually that version), but another language is rejected.
   */
  language?: string;
}

const GROUP_RE = /\(([^()]*)\)|\[([^[\]]*)\]|\{([^{}]*)\}/g;
const DASH_RE = /\s+[-–—]\s+/;

/** Splits "Title (x) [y] - z" into "Title" and its qualifier texts, in order. */
export function splitQualifiers(title: string): { base: string; qualifiers: string[] } {
  const qualifiers: string[] = [];
  let rest = title;
  const dash = DASH_RE.exec(rest);
  let tail: string | undefined;
  if (dash && dash.index > 0) {
    tail = rest.slice(dash.index + dash[0].length);
    rest = rest.slice(0, dash.index);
  }
  const groupsOf = (s: string): string =>
    s.replace(GROUP_RE, (_m, a?: string, b?: string, c?: string) => {
      qualifiers.push((a ?? b ?? c ?? '').trim());
      return ' ';
    });
  const base = groupsOf(rest).trim();
  if (tail !== undefined) {
    const tailRest = groupsOf(tail).trim();
    if (tailRest) qualifiers.push(tailRest);
  }
  // A title that is only a bracket ("(Untitled)") keeps it as its base.
  if (base === '' && qualifiers.length > 0) return { base: qualifiers.shift() ?? '', qualifiers };
  return { base, qualifiers: qualifiers.filter((q) => q !== '') };
}

const FEAT_LEAD_RE = /^(feat\.?|ft\.?|featuring|with)\s+/i;
const NAME_SPLIT_RE = /\s*(?:,|&|\band\b|\bx\b|\bvs\.?\b|\/)\s*/i;

export function classifyQualifier(text: string): TitleQualifier {
  const feat = FEAT_LEAD_RE.exec(text);
  if (feat) {
    return { text, kind: 'feat', tags: [] };
  }
  const toks = tokens(text);
  if (toks[0] === 'from') return { text, kind: 'neutral', tags: [] };
  const scan = scanChunk(toks);
  const tags = [...scan.tags].filter((t) => t !== 'original');
  const language = toks.find((t) => LANGUAGES.includes(t));
  if (tags.length === 1 && tags[0] === 're_recording' && language) {
    return { text, kind: 'language', tags: [], required: [language] };
  }
  if (tags.length > 0) {
    const required = toks.filter((t) => !isVersionWord(t) && !STOP_WORDS.has(t) && !/^\d+$/.test(t));
    return { text, kind: 'version', tags, required: required.length > 0 ? required : undefined };
  }
  if (scan.unexplained.length === 0) return { text, kind: 'neutral', tags: [] };
  return { text, kind: 'title-part', tags: [] };
}

export function splitTitle(title: string): SplitTitle {
  const { base, qualifiers } = splitQualifiers(title);
  const classified = qualifiers.map(classifyQualifier);
  const baseToks = tokens(base);
  const full = [...baseToks];
  const versionTags = new Set<VersionTag>();
  const required: string[][] = [];
  const featuredArtists: string[] = [];
  const optionalTokens = new Set<string>();
  let language: string | undefined;
  for (const q of classified) {
    if (q.kind === 'language') language = q.required?.[0];
    if (q.kind === 'title-part') {
      full.push(...tokens(q.text));
      for (const t of tokens(q.text)) optionalTokens.add(t);
    } else if (q.kind === 'version') {
      for (const t of q.tags) versionTags.add(t);
      if (q.required) required.push(q.required);
    } else if (q.kind === 'feat') {
      const names = q.text.replace(FEAT_LEAD_RE, '').split(NAME_SPLIT_RE);
      for (const n of names) if (normalise(n) !== '') featuredArtists.push(n.trim());
    }
  }
  return {
    base: baseToks.length > 0 ? baseToks : full,
    full,
    qualifiers: classified,
    versionTags,
    required,
    featuredArtists,
    optionalTokens,
    language,
  };
}

/** Title with neutral qualifiers and feat. credits removed (for queries and display). */
export function cleanTitle(title: string): string {
  const { base, qualifiers } = splitQualifiers(title);
  const kept = qualifiers.map(classifyQualifier).filter((q) => q.kind === 'version' || q.kind === 'title-part');
  return [base, ...kept.filter((q) => q.kind === 'version').map((q) => q.text)].join(' ').trim();
}
