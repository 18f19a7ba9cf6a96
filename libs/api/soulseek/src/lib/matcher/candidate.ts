import { normalise } from './normalize';
import { isCompilationFolder, QUALITY_GROUP_RE } from './vocabulary';

export const LOSSLESS_EXTENSIONS: ReadonlySet<string> = new Set(['flac', 'wav', 'aiff', 'aif', 'ape', 'wv', 'alac']);
export const LOSSY_EXTENSIONS: ReadonlySet<string> = new Set([
  'mp3', 'm4a', 'aac', 'ogg', 'oga', 'opus', 'wma', 'mpc', 'mp2',
]);

export function isAudioExtension(ext: string): boolean {
  return LOSSLESS_EXTENSIONS.has(ext) || LOSSY_EXTENSIONS.has(ext);
}

export interface ParsedCandidate {
  /** Lower-case extension from slskd's field or the file name. */
  extension: string;
  folders: string[];
  fileName: string;
  /** File name without extension and without quality groups. */
  stem: string;
  /** Stem split into chunks (bracket groups, ` - ` segments), each normalised into tokens. */
  chunks: string[][];
  /** Album folder: parent, or grandparent when the parent is a disc folder. */
  albumFolder: string;
  /** Parent of the album folder (artist folder, "Live", "Karaoke" …). */
  albumParent: string;
  discFromFolder?: number;
  isCompilation: boolean;
  /** Scene-style name ("01-artist-title-group"): the last segment is a release group tag. */
  scene: boolean;
}

const DISC_RE = /^[[(]?\s*(?:cd|disc|disk|side|part)\s*[-_.]?\s*(\d{1,2}|[a-d]|one|two|three|four)\b/i;
const DISC_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4 };

function chunkStem(stem: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of stem) {
    if (ch === '(' || ch === '[' || ch === '{') {
      if (depth === 0) {
        out.push(cur);
        cur = '';
      } else cur += ch;
      depth++;
    } else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) {
      depth--;
      if (depth === 0) {
        out.push(cur);
        cur = '';
      } else cur += ch;
    } else cur += ch;
  }
  out.push(cur);
  // " - " separates artist/title/suffix segments; scene names ("01-artist-title-group") have no
  // spaces at all and use a bare "-".
  const scene = !/\s/.test(stem);
  return out.flatMap((c) => c.replace(/_/g, ' ').split(scene ? /-/ : /\s+[-–—]\s+|\s-(?=\S)|(?<=\S)-\s/));
}

export function parseCandidatePath(filename: string, extensionField?: string | null): ParsedCandidate {
  const parts = filename.split(/[\\/]/).filter((p) => p !== '');
  const fileName = parts[parts.length - 1] ?? filename;
  const folders = parts.slice(0, -1);
  const name = parseFileName(fileName);
  const extension = (extensionField ?? '').replace(/^\./, '').toLowerCase() || name.pathExt;
  const { stem, chunks, scene } = name;

  let albumIdx = folders.length - 1;
  let discFromFolder: number | undefined;
  const parent = folders[albumIdx] ?? '';
  const disc = DISC_RE.exec(parent.trim());
  if (disc && albumIdx > 0) {
    const word = disc[1].toLowerCase();
    const n = Number.parseInt(word, 10);
    discFromFolder = Number.isFinite(n) ? n : (DISC_WORDS[word] ?? word.charCodeAt(0) - 96);
    albumIdx--;
  }
  const albumFolder = folders[albumIdx] ?? '';
  const albumParent = folders[albumIdx - 1] ?? '';
  return {
    extension,
    folders,
    fileName,
    stem,
    chunks,
    albumFolder,
    albumParent,
    discFromFolder,
    isCompilation: compilationFolder(albumFolder) || compilationFolder(albumParent),
    scene,
  };
}

interface ParsedName {
  pathExt: string;
  stem: string;
  chunks: string[][];
  scene: boolean;
}

// Many peers share the very same file names; parsing is a pure function of the name.
const nameCache = new Map<string, ParsedName>();

function parseFileName(fileName: string): ParsedName {
  const hit = nameCache.get(fileName);
  if (hit) return hit;
  if (nameCache.size > 50_000) nameCache.clear();
  const dot = fileName.lastIndexOf('.');
  const pathExt = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const rawStem = dot > 0 && /^[a-z0-9]{1,5}$/i.test(fileName.slice(dot + 1)) ? fileName.slice(0, dot) : fileName;
  const stem = rawStem.replace(QUALITY_GROUP_RE, ' ').trim();
  const chunks = chunkStem(stem)
    .map((c) => normalise(c))
    .filter((c) => c !== '')
    .map((c) => c.split(' '));
  const scene = !/\s/.test(stem) && /-[a-z0-9]{2,10}$/i.test(stem) && chunks.length >= 3;
  const parsed = { pathExt, stem, chunks, scene };
  nameCache.set(fileName, parsed);
  return parsed;
}

// Peers return many files per folder; the folder verdict is a pure function of its name.
const compilationCache = new Map<string, boolean>();

function compilationFolder(folder: string): boolean {
  const hit = compilationCache.get(folder);
  if (hit !== undefined) return hit;
  if (compilationCache.size > 20_000) compilationCache.clear();
  const v = isCompilationFolder(normalise(folder.replace(QUALITY_GROUP_RE, ' ')));
  compilationCache.set(folder, v);
  return v;
}

/**
 * Leading track number of a file name: "01", "01.", "1-01", "101" (disc 1 track 1), "A1".
 * Returns the candidate readings; the caller decides which one the tokens really are.
 */
export function trackNumberReadings(tok: string, next?: string): { disc?: number; track: number }[] {
  if (/^\d{1,2}$/.test(tok)) {
    const n = Number(tok);
    if (next && /^\d{2}$/.test(next)) return [{ disc: n, track: Number(next) }];
    return [{ track: n }];
  }
  if (/^\d{3}$/.test(tok)) {
    const n = Number(tok);
    return [{ disc: Math.floor(n / 100), track: n % 100 }, { track: n }];
  }
  const side = /^([a-d])(\d{1,2})$/.exec(tok);
  if (side) return [{ track: Number(side[2]) }];
  return [];
}
