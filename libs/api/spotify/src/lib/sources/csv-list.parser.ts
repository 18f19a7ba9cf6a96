import type { ListParseError, ListParseResult, ListTrack } from './list-track';
import { parseDurationMs, parseDurationSeconds, parseIsrc, parseSpotifyTrackId, stripBom } from './list-text.util';

export type CsvDelimiter = ',' | ';' | '\t';

interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

/**
 * RFC 4180 tokenizer that accepts input in chunks (a file stream) and keeps only the current record
 * in memory. Quoted fields may contain delimiters, doubled quotes and line breaks.
 */
export class CsvTokenizer {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  private quotedField = false;
  private afterQuote = false;
  private line = 1;
  private recordLine = 1;
  private pendingCr = false;
  private started = false;

  constructor(
    private readonly delimiter: CsvDelimiter,
    private readonly onError: (e: ListParseError) => void,
  ) {}

  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let text = chunk;
    if (!this.started && text.length > 0) {
      text = stripBom(text);
      this.started = true;
    }
    for (const ch of text) {
      if (this.pendingCr) {
        this.pendingCr = false;
        if (ch === '\n') continue;
      }
      if (this.inQuotes) {
        if (ch === '"') {
          this.inQuotes = false;
          this.afterQuote = true;
        } else {
          if (ch === '\n' || ch === '\r') this.line += 1;
          if (ch === '\r') this.pendingCr = true;
          this.field += ch === '\r' ? '\n' : ch;
        }
        continue;
      }
      if (ch === '"') {
        if (this.afterQuote) {
          // "" inside a quoted field is an escaped quote.
          this.field += '"';
          this.inQuotes = true;
          this.afterQuote = false;
        } else if (this.field.trim() === '' && !this.quotedField) {
          this.field = '';
          this.inQuotes = true;
          this.quotedField = true;
        } else {
          this.field += ch; // stray quote in an unquoted field: keep it, as spreadsheets do
        }
        continue;
      }
      if (ch === this.delimiter) {
        this.endField();
        continue;
      }
      if (ch === '\n' || ch === '\r') {
        if (ch === '\r') this.pendingCr = true;
        this.endField();
        out.push({ fields: this.fields, line: this.recordLine });
        this.fields = [];
        this.line += 1;
        this.recordLine = this.line;
        continue;
      }
      if (this.afterQuote) {
        if (ch === ' ' || ch === '\t') continue; // padding after the closing quote
        this.field += ch; // text after a closing quote: keep it rather than lose data
        continue;
      }
      this.field += ch;
    }
    return out;
  }

  end(): CsvRecord[] {
    if (this.inQuotes) {
      this.onError({ line: this.recordLine, reason: 'row skipped: unterminated quoted field' });
      this.reset();
      return [];
    }
    if (this.field === '' && this.fields.length === 0 && !this.quotedField) return [];
    this.endField();
    const rec = { fields: this.fields, line: this.recordLine };
    this.reset();
    return [rec];
  }

  private endField(): void {
    this.fields.push(this.quotedField ? this.field : this.field.trim());
    this.field = '';
    this.quotedField = false;
    this.afterQuote = false;
  }

  private reset(): void {
    this.field = '';
    this.fields = [];
    this.inQuotes = false;
    this.quotedField = false;
    this.afterQuote = false;
  }
}

/** Picks the separator that occurs most often (outside quotes) in the first line; `,` on a tie. */
export function detectDelimiter(firstLine: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let inQuotes = false;
  for (const ch of firstLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === ',' || ch === ';' || ch === '\t')) counts[ch] += 1;
  }
  const best = (Object.keys(counts) as CsvDelimiter[]).reduce((a, b) => (counts[b] > counts[a] ? b : a), ',' as CsvDelimiter);
  return counts[best] > 0 ? best : ',';
}

type Field = 'uri' | 'title' | 'artists' | 'artistUris' | 'album' | 'albumArtist' | 'durationMs' | 'duration' | 'isrc' | 'trackNumber' | 'discNumber' | 'explicit' | 'addedAt';

/**
 * Header names, compared lower-case with everything but letters and digits removed. Covers
 * Exportify (all its layouts: "Track URI", "Spotify ID", "Track Name", "Artist Name(s)",
 * "Album Artist Name(s)", "Track Duration (ms)", "Duration (ms)", "ISRC", "Added At", ...) and
 * common hand-made headers.
 */
const HEADER_ALIASES: Record<string, Field> = {
  trackuri: 'uri', spotifyuri: 'uri', spotifyid: 'uri', uri: 'uri', trackid: 'uri', spotifyurl: 'uri', url: 'uri', link: 'uri',
  trackname: 'title', title: 'title', name: 'title', track: 'title', song: 'title', songname: 'title', tracktitle: 'title',
  artistnames: 'artists', artistname: 'artists', artist: 'artists', artists: 'artists', performer: 'artists',
  artisturis: 'artistUris', artistids: 'artistUris',
  albumname: 'album', album: 'album', albumtitle: 'album',
  albumartistnames: 'albumArtist', albumartistname: 'albumArtist', albumartist: 'albumArtist',
  trackdurationms: 'durationMs', durationms: 'durationMs', lengthms: 'durationMs',
  duration: 'duration', length: 'duration', time: 'duration', durations: 'duration',
  isrc: 'isrc',
  tracknumber: 'trackNumber', trackno: 'trackNumber', discnumber: 'discNumber', discno: 'discNumber',
  explicit: 'explicit', addedat: 'addedAt', dateadded: 'addedAt',
};

const PLAIN_LAYOUT: Field[] = ['artists', 'title', 'album', 'duration'];

function headerKey(cell: string): string {
  return cell.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Recognises a header row: at least two known names, including a title or artist column. */
function headerMap(fields: string[]): Map<Field, number> | undefined {
  const map = new Map<Field, number>();
  fields.forEach((cell, i) => {
    const f = HEADER_ALIASES[headerKey(cell)];
    if (f && !map.has(f)) map.set(f, i);
  });
  const known = [...map.keys()].length;
  return known >= 2 && (map.has('title') || map.has('artists')) ? map : undefined;
}

/** Exportify joins artists with "," (escaping commas inside names as "\,"); hand-made files use one name. */
function splitArtists(raw: string, artistUris: string | undefined, exportify: boolean): string[] {
  const value = raw.trim();
  if (!value) return [];
  if (!exportify) return [value];
  const uriCount = artistUris ? artistUris.split(',').filter((s) => s.trim()).length : undefined;
  // One artist URI means one artist, even when the name contains a comma ("Earth, Wind & Fire").
  if (uriCount === 1) return [value.replace(/\\,/g, ',')];
  return value
    .split(/(?<!\\),/)
    .map((s) => s.replace(/\\,/g, ',').trim())
    .filter(Boolean);
}

export interface CsvListParserOptions {
  delimiter?: CsvDelimiter;
}

/**
 * Streaming CSV list import: `push()` chunks as they arrive, `end()` returns the tracks and the rows
 * that could not be used (with their line numbers). Understands Exportify exports and the plain
 * `artist,title[,album,duration]` layout (header optional, duration in seconds or m:ss).
 */
export class CsvListParser {
  private tokenizer?: CsvTokenizer;
  private head = '';
  private columns?: Map<Field, number>;
  private exportify = false;
  private sawFirstRecord = false;
  private readonly tracks: ListTrack[] = [];
  private readonly errors: ListParseError[] = [];

  constructor(private readonly options: CsvListParserOptions = {}) {}

  push(chunk: string): void {
    if (this.tokenizer) return this.consume(this.tokenizer.push(chunk));
    // Buffer until the first line is complete so the delimiter can be detected.
    this.head += chunk;
    const nl = this.head.search(/[\r\n]/);
    if (nl >= 0) this.start(this.head.slice(0, nl));
  }

  end(): ListParseResult {
    if (!this.tokenizer) this.start(this.head);
    const tokenizer = this.tokenizer as CsvTokenizer;
    this.consume(tokenizer.end());
    return { tracks: this.tracks, errors: this.errors.sort((a, b) => a.line - b.line) };
  }

  private start(firstLine: string): void {
    const delimiter = this.options.delimiter ?? detectDelimiter(stripBom(firstLine));
    this.tokenizer = new CsvTokenizer(delimiter, (e) => this.errors.push(e));
    const buffered = this.head;
    this.head = '';
    this.consume(this.tokenizer.push(buffered));
  }

  private consume(records: CsvRecord[]): void {
    for (const rec of records) this.record(rec);
  }

  private record(rec: CsvRecord): void {
    if (rec.fields.every((f) => f.trim() === '')) return;
    if (!this.sawFirstRecord) {
      this.sawFirstRecord = true;
      const header = headerMap(rec.fields);
      if (header) {
        this.columns = header;
        const keys = rec.fields.map(headerKey);
        this.exportify = keys.includes('artistnames') || keys.includes('trackuri') || keys.includes('spotifyid');
        return;
      }
    }
    const cols = this.columns ?? new Map(PLAIN_LAYOUT.map((f, i) => [f, i] as const));
    const get = (f: Field): string | undefined => {
      const i = cols.get(f);
      return i === undefined ? undefined : rec.fields[i];
    };
    const title = (get('title') ?? '').trim();
    const artists = splitArtists(get('artists') ?? '', get('artistUris'), this.exportify);
    if (!title) return void this.errors.push({ line: rec.line, reason: 'row skipped: no title' });
    if (artists.length === 0) return void this.errors.push({ line: rec.line, reason: 'row skipped: no artist' });
    const track: ListTrack = { title, artists, position: this.tracks.length };
    const uri = get('uri');
    if (uri) {
      const id = parseSpotifyTrackId(uri);
      if (id) track.spotifyId = id;
    }
    const isrcRaw = get('isrc');
    if (isrcRaw && isrcRaw.trim()) {
      const isrc = parseIsrc(isrcRaw);
      if (isrc) track.isrc = isrc;
      else this.errors.push({ line: rec.line, reason: `ISRC ignored: "${isrcRaw.trim()}" is not a valid ISRC` });
    }
    const album = get('album')?.trim();
    if (album) track.album = album;
    const albumArtist = get('albumArtist')?.trim();
    if (albumArtist) track.albumArtist = splitArtists(albumArtist, undefined, this.exportify)[0];
    const ms = get('durationMs');
    const secs = get('duration');
    if (ms && ms.trim()) {
      const d = parseDurationMs(ms);
      if (d) track.durationMs = d;
      else this.errors.push({ line: rec.line, reason: `duration ignored: "${ms.trim()}" is not a number of milliseconds` });
    } else if (secs && secs.trim()) {
      const d = parseDurationSeconds(secs);
      if (d) track.durationMs = d;
      else this.errors.push({ line: rec.line, reason: `duration ignored: "${secs.trim()}" is neither seconds nor m:ss` });
    }
    const tn = Number(get('trackNumber'));
    if (Number.isInteger(tn) && tn > 0) track.trackNumber = tn;
    const dn = Number(get('discNumber'));
    if (Number.isInteger(dn) && dn > 0) track.discNumber = dn;
    const explicit = get('explicit')?.trim().toLowerCase();
    if (explicit === 'true' || explicit === 'false') track.explicit = explicit === 'true';
    const addedAt = get('addedAt')?.trim();
    if (addedAt && !Number.isNaN(Date.parse(addedAt))) track.addedAt = new Date(addedAt).toISOString().replace(/\.000Z$/, 'Z');
    this.tracks.push(track);
  }
}

export function parseCsvList(text: string, options: CsvListParserOptions = {}): ListParseResult {
  const parser = new CsvListParser(options);
  parser.push(text);
  return parser.end();
}
