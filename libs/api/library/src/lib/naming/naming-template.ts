import { posix } from 'node:path';
import { assertInsideRoot, sanitizeFileName, sanitizePathSegment } from './sanitize-path';

/*
 * Naming template syntax (Lidarr-style tokens plus sections for conditional parts):
 *
 *   {Album Artist}/{Album Title} ({Release Year})/{#multidisc}Disc {disc}/{/multidisc}{track:00} - {Track Title}
 *
 * - `/` in the template (never in a value) separates folders; the last part is the file name, the
 *   extension is added from the file itself.
 * - `{Token}` inserts a value; token names are case-insensitive. Numeric tokens take a zero-pad
 *   format: `{track:00}` -> "07", `{disc:0}` -> "2".
 * - `{#cond}...{/cond}` keeps its content only when `cond` holds; `{^cond}...{/cond}` only when it does not.
 *   Conditions: `multidisc` (more than one disc), `compilation`, or any token name (true when the value is not empty).
 *   Sections may contain `/`, so a whole folder level can be conditional.
 * - Folder levels that render empty are dropped; empty "()" / "[]" and dangling " - " left by missing
 *   values are removed; every level is then sanitised for all filesystems.
 */

export interface NamingContext {
  /** Track artist(s) as credited, e.g. "Daft Punk feat. Pharrell Williams". */
  artistName: string;
  /** Defaults to the track artist. */
  albumArtist?: string;
  albumTitle: string;
  releaseYear?: number;
  trackTitle: string;
  /** The title as the source had it (e.g. Spotify) when we cleaned it up; defaults to the track title. */
  originalTitle?: string;
  trackNumber?: number;
  discNumber?: number;
  totalDiscs?: number;
  /** MusicBrainz medium format, e.g. "CD", "Digital Media", "Vinyl". */
  mediumFormat?: string;
  /** e.g. "FLAC", "MP3-320", "FLAC 24bit". */
  quality?: string;
  /** e.g. "FLAC", "MP3", "AAC", "Opus". */
  codec?: string;
  compilation?: boolean;
  /** File extension, with or without the dot. */
  extension: string;
}

export const VARIOUS_ARTISTS = 'Various Artists';

export const DEFAULT_TEMPLATES = {
  standard: '{Album Artist}/{Album Title} ({Release Year})/{#multidisc}Disc {disc}/{/multidisc}{track:00} - {Track Title}',
  compilation: `${VARIOUS_ARTISTS}/{Album Title} ({Release Year})/{#multidisc}Disc {disc}/{/multidisc}{track:00} - {Artist Name} - {Track Title}`,
} as const;

export interface NamingTemplates {
  standard: string;
  compilation: string;
}

export function chooseTemplate(templates: NamingTemplates, context: Pick<NamingContext, 'compilation'>): string {
  return context.compilation ? templates.compilation : templates.standard;
}

interface TokenDef {
  numeric: boolean;
  value(ctx: NamingContext): string | number | undefined;
}

const FALLBACK = { artist: 'Unknown Artist', album: 'Unknown Album', title: 'Unknown Track' };

const TOKENS: Record<string, TokenDef> = {
  'artist name': { numeric: false, value: (c) => nonBlank(c.artistName) ?? FALLBACK.artist },
  'album artist': { numeric: false, value: (c) => nonBlank(c.albumArtist) ?? nonBlank(c.artistName) ?? FALLBACK.artist },
  'album title': { numeric: false, value: (c) => nonBlank(c.albumTitle) ?? FALLBACK.album },
  'release year': { numeric: false, value: (c) => (c.releaseYear && c.releaseYear > 0 ? String(c.releaseYear) : undefined) },
  'track title': { numeric: false, value: (c) => nonBlank(c.trackTitle) ?? FALLBACK.title },
  'original title': { numeric: false, value: (c) => nonBlank(c.originalTitle) ?? nonBlank(c.trackTitle) ?? FALLBACK.title },
  track: { numeric: true, value: (c) => positive(c.trackNumber) },
  disc: { numeric: true, value: (c) => positive(c.discNumber) },
  'medium format': { numeric: false, value: (c) => nonBlank(c.mediumFormat) },
  quality: { numeric: false, value: (c) => nonBlank(c.quality) },
  codec: { numeric: false, value: (c) => nonBlank(c.codec) },
};

const CONDITIONS: Record<string, (ctx: NamingContext) => boolean> = {
  multidisc: (c) => (c.totalDiscs ?? 1) > 1,
  compilation: (c) => c.compilation === true,
};

/** Display names for the Settings page token picker. */
export const TEMPLATE_TOKENS = [
  '{Artist Name}',
  '{Album Artist}',
  '{Album Title}',
  '{Release Year}',
  '{Track Title}',
  '{Original Title}',
  '{track}',
  '{track:00}',
  '{disc}',
  '{disc:0}',
  '{Medium Format}',
  '{Quality}',
  '{Codec}',
] as const;
export const TEMPLATE_CONDITIONS = ['multidisc', 'compilation'] as const;

// ----- parsing -----

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'separator' }
  | { kind: 'token'; name: string; pad: number }
  | { kind: 'section'; condition: string; inverted: boolean; children: Node[] };

export interface TemplateProblem {
  /** 0-based character offset in the template. */
  index: number;
  message: string;
}

export interface TemplateValidation {
  valid: boolean;
  errors: TemplateProblem[];
}

interface Parsed {
  nodes: Node[];
  errors: TemplateProblem[];
}

const MAX_TEMPLATE_LENGTH = 1000;

function parse(template: string): Parsed {
  const errors: TemplateProblem[] = [];
  const root: Node[] = [];
  const stack: Array<{ condition: string; index: number; children: Node[] }> = [];
  const current = (): Node[] => (stack.length ? stack[stack.length - 1].children : root);
  let text = '';
  const flush = (): void => {
    if (text) current().push({ kind: 'text', text });
    text = '';
  };

  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    if (ch === '}') {
      errors.push({ index: i, message: 'Unbalanced "}": there is no "{" before it' });
      i++;
      continue;
    }
    if (ch === '/') {
      flush();
      current().push({ kind: 'separator' });
      i++;
      continue;
    }
    if (ch === '\\') {
      errors.push({ index: i, message: 'Use "/" to separate folders, not "\\"' });
      i++;
      continue;
    }
    if (ch !== '{') {
      text += ch;
      i++;
      continue;
    }
    const close = template.indexOf('}', i + 1);
    const nextOpen = template.indexOf('{', i + 1);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      errors.push({ index: i, message: 'Unbalanced "{": it is not closed by "}"' });
      i++;
      continue;
    }
    flush();
    const body = template.slice(i + 1, close);
    handleBrace(body, i);
    i = close + 1;
  }
  flush();
  for (const open of stack) {
    errors.push({ index: open.index, message: `Section {#${open.condition}} is never closed with {/${open.condition}}` });
  }
  return { nodes: root, errors };

  function handleBrace(body: string, index: number): void {
    const sigil = body[0];
    if (sigil === '#' || sigil === '^') {
      const condition = normaliseName(body.slice(1));
      if (!CONDITIONS[condition] && !TOKENS[condition]) {
        errors.push({ index, message: `Unknown condition "${body.slice(1)}"; use ${TEMPLATE_CONDITIONS.join(', ')} or a token name` });
      }
      const section: Node = { kind: 'section', condition, inverted: sigil === '^', children: [] };
      current().push(section);
      stack.push({ condition, index, children: section.children });
      return;
    }
    if (sigil === '/') {
      const condition = normaliseName(body.slice(1));
      const open = stack[stack.length - 1];
      if (!open) errors.push({ index, message: `{/${body.slice(1)}} closes a section that was never opened` });
      else if (open.condition !== condition) errors.push({ index, message: `{/${body.slice(1)}} does not match the open section {#${open.condition}}` });
      else stack.pop();
      return;
    }
    const [rawName, format, ...extra] = body.split(':');
    const name = normaliseName(rawName);
    const def = TOKENS[name];
    if (!def) {
      const hint = suggest(name);
      errors.push({ index, message: `Unknown token {${body}}${hint ? `; did you mean ${hint}?` : ''}` });
      return;
    }
    if (extra.length > 0 || (format !== undefined && !/^0+$/.test(format))) {
      errors.push({ index, message: `Bad format in {${body}}: only zero padding like {track:00} is supported` });
      return;
    }
    if (format !== undefined && !def.numeric) {
      errors.push({ index, message: `{${rawName}} is not a number and cannot be zero-padded` });
      return;
    }
    current().push({ kind: 'token', name, pad: format?.length ?? 0 });
  }
}

function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

function suggest(name: string): string | undefined {
  const compact = name.replace(/[\s_-]/g, '');
  const match = TEMPLATE_TOKENS.find((t) => t.slice(1, -1).split(':')[0].replace(/\s/g, '').toLowerCase() === compact);
  return match;
}

function structuralErrors(template: string, nodes: Node[]): TemplateProblem[] {
  const errors: TemplateProblem[] = [];
  if (!template.trim()) return [{ index: 0, message: 'Template is empty' }];
  if (template.length > MAX_TEMPLATE_LENGTH) errors.push({ index: MAX_TEMPLATE_LENGTH, message: `Template is longer than ${MAX_TEMPLATE_LENGTH} characters` });
  if (template.startsWith('/')) errors.push({ index: 0, message: 'Template must be relative to the library folder (remove the leading "/")' });
  if (template.endsWith('/')) errors.push({ index: template.length - 1, message: 'Template must end with a file name, not "/"' });
  // Literal "." / ".." folders would climb or alias; values are sanitised anyway, literals are the user's intent.
  let offset = 0;
  for (const part of template.split('/')) {
    if (part.trim() === '..' || part.trim() === '.') errors.push({ index: offset, message: `"${part.trim()}" is not allowed as a folder name` });
    offset += part.length + 1;
  }
  // Without a per-track token every track of an album renders to the same file name.
  const fileNodes = lastSegmentNodes(nodes);
  const identifiesTrack = (list: Node[]): boolean =>
    list.some((n) => (n.kind === 'token' && ['track title', 'original title', 'track'].includes(n.name)) || (n.kind === 'section' && identifiesTrack(n.children)));
  if (!identifiesTrack(fileNodes)) {
    errors.push({ index: Math.max(0, template.lastIndexOf('/') + 1), message: 'The file name part must contain {Track Title}, {Original Title} or {track}' });
  }
  return errors;
}

/** The nodes after the last top-level separator (sections there may also add separators, which is fine). */
function lastSegmentNodes(nodes: Node[]): Node[] {
  let start = 0;
  nodes.forEach((n, i) => {
    if (n.kind === 'separator') start = i + 1;
  });
  return nodes.slice(start);
}

export function validateTemplate(template: string): TemplateValidation {
  const parsed = parse(template);
  const errors = [...parsed.errors, ...(parsed.errors.length ? [] : structuralErrors(template, parsed.nodes))];
  errors.sort((a, b) => a.index - b.index);
  return { valid: errors.length === 0, errors };
}

export class InvalidTemplateError extends Error {
  constructor(readonly template: string, readonly problems: TemplateProblem[]) {
    super(`Invalid naming template "${template}": ${problems.map((p) => p.message).join('; ')}`);
    this.name = 'InvalidTemplateError';
  }
}

// ----- rendering -----

export interface RenderedPath {
  /** Sanitised folder names, outermost first. */
  folders: string[];
  /** Sanitised file name including the extension. */
  fileName: string;
  /** `folders/fileName` joined with "/" (portable; use {@link buildLibraryPath} for an absolute path). */
  relativePath: string;
}

// A library import renders thousands of paths with the same one or two templates.
const compiled = new Map<string, Node[]>();
const MAX_COMPILED = 32;

function compile(template: string): Node[] {
  const cached = compiled.get(template);
  if (cached) return cached;
  const validation = validateTemplate(template);
  if (!validation.valid) throw new InvalidTemplateError(template, validation.errors);
  const nodes = parse(template).nodes;
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
  compiled.set(template, nodes);
  return nodes;
}

export function renderTemplate(template: string, context: NamingContext): RenderedPath {
  const raw: string[] = [''];
  emit(compile(template), context, raw);
  const parts = raw.map(tidySegment);
  const fileBase = parts.pop() ?? '';
  const folders = parts.filter((p) => p.length > 0).map((p) => sanitizePathSegment(p));
  const fileName = sanitizeFileName(fileBase || FALLBACK.title, context.extension);
  return { folders, fileName, relativePath: posix.join(...folders, fileName) };
}

/** Renders and joins under `libraryRoot`; throws if the result could ever leave the root. */
export function buildLibraryPath(libraryRoot: string, template: string, context: NamingContext): string {
  const rendered = renderTemplate(template, context);
  const absolute = posix.join(libraryRoot, ...rendered.folders, rendered.fileName);
  assertInsideRoot(libraryRoot, absolute);
  return absolute;
}

function emit(nodes: Node[], ctx: NamingContext, out: string[]): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out[out.length - 1] += node.text;
        break;
      case 'separator':
        out.push('');
        break;
      case 'token':
        out[out.length - 1] += formatToken(node.name, node.pad, ctx);
        break;
      case 'section': {
        const holds = CONDITIONS[node.condition] ? CONDITIONS[node.condition](ctx) : formatToken(node.condition, 0, ctx) !== '';
        if (holds !== node.inverted) emit(node.children, ctx, out);
        break;
      }
    }
  }
}

function formatToken(name: string, pad: number, ctx: NamingContext): string {
  const value = TOKENS[name]?.value(ctx);
  if (value === undefined) return '';
  return typeof value === 'number' ? String(value).padStart(pad, '0') : value;
}

/** Cleans what missing values leave behind: "Album ()" -> "Album", " - Title" -> "Title". */
function tidySegment(segment: string): string {
  let s = segment.replace(/\s+/g, ' ');
  let previous: string;
  do {
    previous = s;
    s = s
      .replace(/\(\s*\)|\[\s*\]|\{\s*\}/g, '')
      .replace(/\s+/g, ' ')
      .replace(/^\s*[-–—_]+\s+/, '')
      .replace(/\s+[-–—_]+\s*$/, '')
      .replace(/\s+-\s+-\s+/g, ' - ')
      .trim();
  } while (s !== previous);
  return s;
}

// ----- preview for the Settings page -----

export const PREVIEW_SAMPLES: Record<'album' | 'multiDiscCompilation', NamingContext> = {
  album: {
    artistName: 'Daft Punk',
    albumArtist: 'Daft Punk',
    albumTitle: 'Random Access Memories',
    releaseYear: 2013,
    trackTitle: 'Get Lucky',
    trackNumber: 8,
    discNumber: 1,
    totalDiscs: 1,
    mediumFormat: 'CD',
    quality: 'FLAC',
    codec: 'FLAC',
    extension: 'flac',
  },
  multiDiscCompilation: {
    artistName: 'AC/DC',
    albumArtist: VARIOUS_ARTISTS,
    albumTitle: 'Now: Rock?',
    releaseYear: 1999,
    trackTitle: 'Back in Black',
    trackNumber: 12,
    discNumber: 2,
    totalDiscs: 2,
    mediumFormat: 'CD',
    quality: 'MP3-320',
    codec: 'MP3',
    compilation: true,
    extension: 'mp3',
  },
};

export interface TemplatePreview extends TemplateValidation {
  /** Relative path the sample would get, only when the template is valid. */
  path?: string;
}

export function previewTemplate(template: string, sample: NamingContext = PREVIEW_SAMPLES.album): TemplatePreview {
  const validation = validateTemplate(template);
  if (!validation.valid) return validation;
  return { ...validation, path: renderTemplate(template, sample).relativePath };
}

function nonBlank(value: string | undefined): string | undefined {
  return value && value.trim() ? value : undefined;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;
}
