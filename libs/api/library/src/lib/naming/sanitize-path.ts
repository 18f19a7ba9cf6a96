import { isAbsolute, join, relative, resolve } from 'node:path';

/** ext4, btrfs, XFS, ZFS, APFS and NTFS all cap one name at 255 bytes (NTFS: 255 UTF-16 units, which is looser). */
export const MAX_SEGMENT_BYTES = 255;
export const DEFAULT_PLACEHOLDER = '_';

export interface SanitizeOptions {
  /** Used when nothing printable is left. */
  placeholder?: string;
  /** Byte budget for the whole segment including the extension. */
  maxBytes?: number;
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
// Bidi overrides/isolates let a name display differently from what it is ("evil\u202Egpj.exe").
// Plain RTL text (Arabic, Hebrew) needs none of them, so dropping them is safe.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Makes one path segment (a folder or file name) safe on Linux, macOS and Windows/SMB shares.
 * The caller must sanitise each segment separately: a `/` inside metadata is replaced here and can
 * therefore never create a folder or climb out of the library.
 */
export function sanitizePathSegment(input: string, options: SanitizeOptions = {}): string {
  return sanitizeWithExtension(input, '', options);
}

/**
 * Sanitises a file name whose extension must survive truncation (`<400 chars>.flac` keeps `.flac`).
 * `extension` may be given with or without the dot; it is sanitised too and lower-cased.
 */
export function sanitizeFileName(baseName: string, extension: string, options: SanitizeOptions = {}): string {
  const ext = cleanText(extension.replace(/^\.+/, ''))
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}_-]/gu, '')
    .toLowerCase()
    .slice(0, 16);
  return sanitizeWithExtension(baseName, ext ? `.${ext}` : '', options);
}

function sanitizeWithExtension(input: string, dottedExtension: string, options: SanitizeOptions): string {
  const placeholder = options.placeholder ?? DEFAULT_PLACEHOLDER;
  const maxBytes = options.maxBytes ?? MAX_SEGMENT_BYTES;
  const budget = maxBytes - utf8Length(dottedExtension);
  // NFC last: removing a control or a forbidden char can bring a letter and a combining mark together.
  let base = tidyEnds(tidyEnds(replaceForbidden(cleanText(input))).normalize('NFC'));
  base = truncateUtf8(base, budget);
  // Truncation can expose a trailing dot/space again ("Title ...").
  base = tidyEnds(base);
  if (!base) base = truncateUtf8(tidyEnds(replaceForbidden(cleanText(placeholder))) || DEFAULT_PLACEHOLDER, budget);
  const unreserved = avoidReservedName(base, dottedExtension);
  if (unreserved !== base) base = avoidReservedName(tidyEnds(truncateUtf8(base, budget - 1)), dottedExtension);
  return base + dottedExtension;
}

function cleanText(input: string): string {
  return input
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(CONTROL_CHARS, ' ')
    .replace(BIDI_CONTROLS, '');
}

function replaceForbidden(text: string): string {
  return (
    text
      // "Title: Subtitle" reads better as "Title - Subtitle" than "Title_ Subtitle".
      .replace(/\s*:\s+/g, ' - ')
      .replace(/[:/\\|]/g, '-')
      .replace(/"/g, "'")
      .replace(/\?/g, '')
      .replace(/[*<>]/g, '_')
      .replace(/\s+/g, ' ')
  );
}

/** No hidden files, no `.`/`..`, nothing Windows silently drops (trailing dots and spaces). */
function tidyEnds(text: string): string {
  return text.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
}

function avoidReservedName(base: string, dottedExtension: string): string {
  // Windows reserves the name with any extension too: "CON.flac" and "nul.tar.gz" are both devices.
  const stem = (base + dottedExtension).split('.')[0].trim();
  if (!WINDOWS_RESERVED.test(stem)) return base;
  return base.replace(stem, `${stem}_`);
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes at a grapheme boundary, so neither a code point, a
 * surrogate pair, an emoji ZWJ sequence nor a letter with its combining marks is ever split.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  if (utf8Length(text) <= maxBytes) return text;
  // Longest prefix of whole code points that fits...
  let bytes = 0;
  let cut = 0;
  for (const char of text) {
    const size = codePointBytes(char.codePointAt(0) ?? 0);
    if (bytes + size > maxBytes) break;
    bytes += size;
    cut += char.length;
  }
  // ...then back to the grapheme boundary at or before it. Segmenting only a window around the cut
  // keeps this linear for 400-character titles; clusters longer than the window (zalgo text) may be
  // cut inside, but never inside a code point.
  let windowStart = Math.max(0, cut - GRAPHEME_WINDOW);
  if (windowStart > 0 && isLowSurrogate(text.charCodeAt(windowStart))) windowStart--;
  let boundary = windowStart;
  for (const { index } of graphemes.segment(text.slice(windowStart, cut + GRAPHEME_WINDOW))) {
    const absolute = windowStart + index;
    if (absolute > cut) break;
    boundary = absolute;
  }
  return text.slice(0, boundary);
}

const GRAPHEME_WINDOW = 64;

function codePointBytes(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export class UnsafePathError extends Error {
  constructor(readonly root: string, readonly attempted: string) {
    super(`Refusing path "${attempted}": it would leave the library root "${root}"`);
    this.name = 'UnsafePathError';
  }
}

/**
 * Joins already-rendered segments under `root`, sanitising each one (the last as a file name when
 * `extension` is given), and proves the result is strictly inside `root`.
 */
export function safeJoinUnderRoot(root: string, segments: string[], extension?: string, options: SanitizeOptions = {}): string {
  const cleaned = segments.map((segment, index) =>
    extension !== undefined && index === segments.length - 1
      ? sanitizeFileName(segment, extension, options)
      : sanitizePathSegment(segment, options),
  );
  const absoluteRoot = resolve(root);
  const result = resolve(join(absoluteRoot, ...cleaned));
  assertInsideRoot(absoluteRoot, result);
  return result;
}

export function assertInsideRoot(root: string, candidate: string): void {
  const rel = relative(resolve(root), resolve(candidate));
  if (!rel || rel === '..' || rel.startsWith(`..${'/'}`) || rel.startsWith('..\\') || isAbsolute(rel)) {
    throw new UnsafePathError(root, candidate);
  }
}
