import { normalise, STOP_WORDS } from './normalize';
import type { VersionTag } from './types';

/**
 * Version vocabulary. Several spellings per idea on purpose: peers write the same marker in many
 * ways ("A Cappella", "acapella", "Vocals Only"), and a list tuned to one set of spellings fails
 * on the next. Phrases are matched on normalised whole tokens.
 */
type PhraseTag = VersionTag | 'neutral';

const RAW_PHRASES: Array<[PhraseTag, string[]]> = [
  [
    'neutral',
    [
      'remaster', 'remastered', 'remasters', 'remastering', 'digital remaster', 'digitally remastered',
      'album version', 'album mix', 'lp version', 'single version', 'full version', 'stereo', 'mono',
      'stereo mix', 'mono mix', 'stereo version', 'mono version', 'explicit', 'explicit version',
      'clean', 'clean version', 'clean edit', 'edited version', 'dirty', 'censored', 'uncensored',
      'bonus track', 'bonus', 'deluxe', 'deluxe edition', 'edition', 'expanded', 'anniversary',
      'remastered version', 'soundtrack', 'original soundtrack', 'ost', 'from the motion picture',
      'official audio', 'official', 'audio', 'hq', 'hd', 'hi res', 'hires', 'lyrics', 'version',
      'feat', 'ft', 'featuring', 'prod', 'produced by', 'main version', 'standard', 'vinyl',
    ],
  ],
  ['original', ['original', 'original mix', 'original version', 'studio version', 'original edit']],
  [
    'live',
    [
      'live', 'live version', 'unplugged', 'in concert', 'concert', 'en vivo', 'ao vivo', 'vivo',
      'en directo', 'directo', 'live recording', 'tour', 'en concierto', 'en public', 'live session',
      'live sessions', 'recorded live', 'recorded at', 'spotify session', 'spotify sessions', 'spotify singles',
      'mtv unplugged', 'bbc session', 'peel session', 'live lounge',
    ],
  ],
  [
    'remix',
    [
      'remix', 'remixed', 'remixes', 'rmx', 'rework', 'reworked', 're work', 're edit', 'reedit',
      'bootleg', 'mashup', 'mash up', 'vip', 'vip mix', 'dub', 'dub mix', 'flip', 'refix',
      'dj edit', 'dance mix', 'remake', 'blend',
    ],
  ],
  [
    'radio_edit',
    [
      'radio edit', 'radio version', 'radio mix', 'radio cut', 'edit', 'single edit', 'short version',
      'short edit', 'short mix', 'tv size', 'tv edit', 'tv version', 'shortened', 'club edit', '7 version',
      '7 inch', '7 edit', 'video edit', 'video version',
    ],
  ],
  [
    'extended',
    [
      'extended', 'extended mix', 'extended version', 'extended edit', 'club mix', 'club version',
      '12 inch', '12 mix', '12 version', 'maxi', 'maxi version', 'long version', 'long mix',
      'extended club mix', 'full length version', 'special extended',
    ],
  ],
  [
    'acoustic',
    [
      'acoustic', 'acoustic version', 'acustico', 'acustica', 'akustik', 'akustisch', 'stripped',
      'stripped version', 'piano version', 'piano ballad', 'orchestral version', 'unplugged version',
    ],
  ],
  [
    'instrumental',
    [
      'instrumental', 'instrumentals', 'instrumental version', 'inst', 'instr', 'off vocal', 'offvocal',
      'off vocals', 'no vocals', 'without vocals', 'backing track', 'minus one', 'music only', 'tv track',
      'without lead vocals', 'without lead vocal', 'no lead vocal', 'no lead vocals', 'instrumental mix', 'beat only',
    ],
  ],
  [
    'acapella',
    [
      'acapella', 'a cappella', 'a capella', 'acappella', 'acapela', 'vocals only', 'vocal only',
      'isolated vocals', 'vocal stem', 'studio acapella', 'voice only', 'vocals stem', 'acapella version',
    ],
  ],
  [
    'karaoke',
    [
      'karaoke', 'karaoke version', 'in the style of', 'style of', 'made famous by', 'made popular by',
      'as made famous', 'originally performed by', 'originally by', 'sing along', 'singalong',
      'sing a long', 'with lead vocal', 'multiplex', 'karaoke instrumental', 'karaoke backing track',
      'sunfly', 'sing king', 'party tyme', 'zoom karaoke', 'karafun', 'ameritz', 'soundchoice', 'sound choice',
      'chartbuster', 'pocket songs', 'mr entertainer', 'vocal guide',
    ],
  ],
  [
    'cover',
    [
      'cover', 'covers', 'cover version', 'covered by', 'tribute', 'tributes', 'performs', 'performed by',
      'plays', 'lullaby', 'lullabies', 'lullaby version', '8 bit', '8bit', 'chiptune', 'string quartet',
      'string version', 'strings version', 'piano tribute', 'rendition', 'renditions', 'salute',
      'as performed by', 'homage', 'hommage', 'reimagined', 'music box', 'interpreted by', 'tribute version',
      'tribute band', 'songbook', 'lullaby versions of', 'versions of', 'rockabye baby', 'kidz bop',
      'piano cover', 'metal cover', 'orchestra plays', 'plays the music of', 'the music of', 'songs of',
      'pickin on', 'twinkle twinkle', 'soundalike', 'sound alike', 'cover band', 'tribute to', 'bluegrass tribute',
    ],
  ],
  [
    'demo',
    [
      'demo', 'demos', 'demo version', 'early version', 'early take', 'rough mix', 'rough', 'rehearsal',
      'rehearsals', 'alternate', 'alternate take', 'alternate version', 'alt take', 'alt version',
      'alt', 'outtake', 'outtakes', 'work tape', 'home demo', 'home recording', 'work in progress',
      'wip', 'sketch', 'unreleased version', 'session', 'sessions', 'first take', 'take', 'unreleased',
      'early mix', 'early demo', 'studio outtake', 'work version', 'guide vocal',
    ],
  ],
  [
    'sped_up',
    [
      'sped up', 'speed up', 'spedup', 'speedup', 'sped', 'speeded up', 'slowed', 'slowed down',
      'slowed reverb', 'reverb', 'nightcore', 'daycore', '8d', '8d audio', 'pitched', 'chopped',
      'screwed', 'chopped and screwed', 'tiktok version', 'super slowed', 'slowed and reverb', 'pitched up',
      'pitch up', 'faster', 'speed', 'slowed version', 'sped up version',
    ],
  ],
  ['reprise', ['reprise', 'reprised']],
  [
    're_recording',
    [
      'taylors version', 're recorded', 'rerecorded', 're record', 're recording', 'rerecording',
      'new version', 'new recording', 'new mix', 'redux',
    ],
  ],
];

/** Language names peers use in "(English Version)"-style markers. */
export const LANGUAGES: readonly string[] = [
  'english', 'eng', 'spanish', 'espanol', 'japanese', 'jpn', 'jp', 'korean', 'kor', 'german',
  'deutsch', 'french', 'francais', 'italian', 'italiano', 'portuguese', 'portugues', 'chinese',
  'mandarin', 'cantonese', 'russian', 'swedish', 'dutch', 'polish', 'turkish', 'latin', 'spanglish',
];

interface Phrase {
  tag: PhraseTag;
  toks: string[];
}

function buildPhrases(): Phrase[] {
  const out: Phrase[] = [];
  for (const [tag, list] of RAW_PHRASES) {
    for (const p of list) out.push({ tag, toks: normalise(p).split(' ') });
  }
  for (const lang of LANGUAGES) {
    out.push({ tag: 're_recording', toks: [lang, 'version'] });
    out.push({ tag: 're_recording', toks: [lang, 'ver'] });
    out.push({ tag: 're_recording', toks: ['version', 'en', lang] });
  }
  // Longest first so "radio edit" wins over "edit" and "in the style of" over "style of".
  return out.sort((a, b) => b.toks.length - a.toks.length);
}

const PHRASES = buildPhrases();
const PHRASES_BY_FIRST = new Map<string, Phrase[]>();
for (const p of PHRASES) {
  const list = PHRASES_BY_FIRST.get(p.toks[0]) ?? [];
  list.push(p);
  PHRASES_BY_FIRST.set(p.toks[0], list);
}

const EDITION_WORDS: ReadonlySet<string> = new Set([
  'remaster', 'remastered', 'remasters', 'remastering', 'bonus', 'edition', 'deluxe', 'anniversary', 'expanded', 'reissue',
]);

const LENGTH_UNITS: ReadonlySet<string> = new Set(['min', 'mins', 'minute', 'minutes']);

/** Words that name a version of *something* when preceded by a name, year or other word. */
const GENERIC_HEADS: Record<string, VersionTag> = {
  version: 're_recording',
  ver: 're_recording',
  versions: 're_recording',
  mix: 'remix',
  edit: 'remix',
  take: 'demo',
  cut: 're_recording',
  recording: 're_recording',
};

/** Tokens that never count as unexplained in a file name: quality and container words, share noise. */
export const NOISE_WORDS: ReadonlySet<string> = new Set([
  'flac', 'mp3', 'm4a', 'aac', 'ogg', 'opus', 'wav', 'aiff', 'alac', 'ape', 'wv', 'wma', 'kbps', 'kbit',
  'k', 'vbr', 'cbr', 'v0', 'v2', 'web', 'cd', 'cdrip', 'webrip', 'rip', 'lossless', 'hi', 'res',
  '24bit', '16bit', 'bit', 'khz', 'khz', 'hz', 'va', 'various', 'artists', 'artist', 'disc', 'disk',
  'cd1', 'cd2', 'cd3', 'track', 'tracks', 'side', 'vol', 'volume', 'no', 'nr', 'feat', 'ft',
  'featuring', 'with', 'x', 'vs', 'versus', 'and', 'presents', 'pres', 'hq', 'hd', 'mqa', 'sacd',
  'dsd', 'mfsl', 'score', 'album', 'single', 'ep', 'lp', 'f', 'w', 'by',
]);

export interface ChunkScan {
  tags: Set<VersionTag>;
  /** Tokens of the chunk that neither a tag, a neutral phrase nor noise explains. */
  unexplained: string[];
  /** In a chunk with a version marker: the other words (remixer, venue, performer). */
  versionNames: string[];
}

function matchAt(toks: readonly string[], used: boolean[], i: number): Phrase | undefined {
  const candidates = PHRASES_BY_FIRST.get(toks[i]);
  if (!candidates) return undefined;
  for (const p of candidates) {
    if (i + p.toks.length > toks.length) continue;
    let ok = true;
    for (let j = 0; j < p.toks.length; j++) {
      if (used[i + j] || toks[i + j] !== p.toks[j]) {
        ok = false;
        break;
      }
    }
    if (ok) return p;
  }
  return undefined;
}

/**
 * Classifies one chunk (a bracket group, a ` - ` segment or the bare remainder) of text left after
 * the wanted title and artists were removed. A chunk that carries a version marker is explained
 * as a whole: its other words are the remixer's or performer's name.
 */
export function scanChunk(toks: readonly string[], folderMode = false): ChunkScan {
  const tags = new Set<VersionTag>();
  // 'From "8 Mile" Soundtrack', "(Original Motion Picture Soundtrack)": a source credit.
  if (!folderMode && (toks[0] === 'from' || toks.includes('soundtrack') || toks.includes('ost'))) {
    return { tags, unexplained: [], versionNames: [] };
  }
  const used = new Array<boolean>(toks.length).fill(false);
  let neutralSeen = false;
  for (let i = 0; i < toks.length; i++) {
    if (used[i]) continue;
    const p = matchAt(toks, used, i);
    if (!p) continue;
    for (let j = 0; j < p.toks.length; j++) used[i + j] = true;
    // A bare "version" explains nothing about the year or name in front of it.
    if (p.tag === 'neutral') {
      if (!(p.toks.length === 1 && p.toks[0] === 'version')) neutralSeen = true;
    } else if (!folderMode || !WEAK_IN_FOLDERS.has(p.toks.join(' '))) tags.add(p.tag);
  }
  // "(Pennine Version)", "(2012 Version)", "(Sunset Sound Mix)": a version word qualified by
  // something we do not know is a different recording until proven otherwise.
  if (!folderMode) {
    const headIdx = toks.findIndex((t, i) => GENERIC_HEADS[t] !== undefined && (!used[i] || t === 'version'));
    if (headIdx >= 0) {
      // "(15 Min. Version)" states a length; the duration check judges that, not the words.
      const statesLength = toks.some((t, i) => /^\d+$/.test(t) && LENGTH_UNITS.has(toks[i + 1] ?? ''));
      const qualifiers = toks.filter(
        (t, i) =>
          !used[i] &&
          i !== headIdx &&
          !STOP_WORDS.has(t) &&
          !((neutralSeen || statesLength) && /^\d+$/.test(t)) &&
          !(statesLength && LENGTH_UNITS.has(t)),
      );
      if (qualifiers.length > 0) tags.add(GENERIC_HEADS[toks[headIdx]] ?? 're_recording');
    }
  }
  const hasVersion = [...tags].some((t) => t !== 'original');
  // "(Remastered by Bob Ludwig)", "(Japan Bonus Track)": names inside an edition credit.
  if (!hasVersion && toks.some((t) => EDITION_WORDS.has(t))) return { tags, unexplained: [], versionNames: [] };
  const free = toks.filter((t, i) => !used[i] && !NOISE_WORDS.has(t) && !STOP_WORDS.has(t) && !/^\d+$/.test(t));
  return hasVersion ? { tags, unexplained: [], versionNames: free } : { tags, unexplained: free, versionNames: [] };
}

/**
 * Folder names are noisier than file names ("Alt Rock", "Tour Edition", "Studio Sessions"), so
 * only markers that are unambiguous on their own count there.
 */
const WEAK_IN_FOLDERS: ReadonlySet<string> = new Set([
  'tour', 'alt', 'take', 'session', 'sessions', 'edit', 'rough', 'sketch', 'wip', 'flip', 'blend',
  'remake', 'vip', 'dub', 'reverb', 'chopped', 'pitched', 'sped', 'plays', 'alternate', 'first take',
  'concert', 'vivo', 'directo', 'salute', 'rendition', 'renditions', 'homage', 'hommage', 'reimagined',
  'inst', 'instr', 'original', 'original mix', 'original version', 'studio version', 'stripped',
]);

/** Version tags of a folder name (album folder and its parent). */
export function scanFolderTags(toks: readonly string[]): Set<VersionTag> {
  return scanChunk(toks, true).tags;
}

/** Featured-artist markers; what follows them in a chunk is a list of names. */
export const FEAT_WORDS: ReadonlySet<string> = new Set(['feat', 'ft', 'featuring', 'with', 'vs', 'versus']);

/** Compilation folders: their track numbers and album names say nothing about the wanted album. */
const COMPILATION_PATTERNS: RegExp[] = [
  /\bnow (thats|that is) what i call\b/,
  /\bvarious artists\b/,
  /^va\b/,
  /\bva\b/,
  /\bbillboard\b/,
  /\btop \d+\b/,
  /\bhits\b/,
  /\bkaraoke\b/,
  /\bcompilation\b/,
  /\bbravo\b/,
  /\bministry of sound\b/,
  /\bthe annual\b/,
  /\bbest of the\b/,
  /\bgreatest hits of\b/,
  /\bmixtape\b/,
  /\bplaylist\b/,
  /\banthems\b/,
  /\bclassics\b/,
  /\bsampler\b/,
  /\bchart\b/,
  /\bsoundtrack collection\b/,
];

export function isCompilationFolder(normalisedFolder: string): boolean {
  return COMPILATION_PATTERNS.some((re) => re.test(normalisedFolder));
}

/** Quality tags inside brackets of file or folder names: `[FLAC]`, `(320)`, `{WEB}`, `[24-96]`. */
export const QUALITY_GROUP_RE =
  /[[({]\s*(?:flac|mp3|aac|m4a|alac|ogg|opus|wav|web|cd|vinyl|lossless|hi-?res|v0|v2|vbr|cbr|\d{2,4}\s*k(?:bps)?|\d{2,4}|24\s*bit|16\s*bit|24[-/ ]\d{2,3}|16[-/ ]44(?:\.1)?|mp3\s*\d{3}|flac\s*\d{2}[-/ ]\d{2,3}|web\s*flac|cd\s*flac|[\w\s.-]*(?:flac|kbps|mp3 \d+)[\w\s.-]*)\s*[\])}]/gi;

const VERSION_WORDS: ReadonlySet<string> = new Set([
  ...PHRASES.flatMap((p) => p.toks),
  ...Object.keys(GENERIC_HEADS),
  ...LANGUAGES,
]);

/** True for words that only describe a version (remix, edit, live, version…), never a name. */
export function isVersionWord(tok: string): boolean {
  return VERSION_WORDS.has(tok);
}
