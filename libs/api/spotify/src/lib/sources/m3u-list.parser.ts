import type { ListParseError, ListParseResult, ListTrack } from './list-track';
import { LineSplitter, splitArtistTitle } from './list-text.util';

interface PendingInfo {
  line: number;
  durationMs?: number;
  display: string;
}

/**
 * M3U / M3U8 playlists. A track is `#EXTINF:<seconds>[ attrs],Artist - Title` followed by its path
 * line; `#EXTART:` / `#EXTALB:` fill in artist/album. Entries without #EXTINF fall back to the file
 * name ("Artist - Title.mp3"). Unknown directives are ignored. Streaming: `push()` chunks, then `end()`.
 */
export class M3uListParser {
  private readonly lines = new LineSplitter();
  private lineNo = 0;
  private pending?: PendingInfo;
  private extArtist?: string;
  private extAlbum?: string;
  private readonly tracks: ListTrack[] = [];
  private readonly errors: ListParseError[] = [];

  push(chunk: string): void {
    for (const line of this.lines.push(chunk)) this.line(line);
  }

  end(): ListParseResult {
    for (const line of this.lines.end()) this.line(line);
    // A trailing #EXTINF without its path still names a track.
    if (this.pending) this.emit(this.pending.line, this.pending.display, this.pending.durationMs);
    return { tracks: this.tracks, errors: this.errors };
  }

  private line(raw: string): void {
    this.lineNo += 1;
    const text = raw.trim();
    if (text === '') return;
    if (text.startsWith('#')) return this.directive(text);
    if (this.pending) {
      const p = this.pending;
      this.pending = undefined;
      this.emit(p.line, p.display, p.durationMs, text);
    } else {
      this.emit(this.lineNo, fileStem(text), undefined, text, true);
    }
  }

  private directive(text: string): void {
    const upper = text.toUpperCase();
    if (upper.startsWith('#EXTINF:')) {
      if (this.pending) this.emit(this.pending.line, this.pending.display, this.pending.durationMs);
      const body = text.slice('#EXTINF:'.length);
      const comma = indexOfUnquotedComma(body);
      const head = comma >= 0 ? body.slice(0, comma) : body;
      const display = comma >= 0 ? body.slice(comma + 1).trim() : '';
      const seconds = Number(head.trim().split(/\s+/)[0]);
      this.pending = { line: this.lineNo, display, durationMs: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined };
    } else if (upper.startsWith('#EXTART:')) {
      this.extArtist = text.slice(8).trim() || undefined;
    } else if (upper.startsWith('#EXTALB:')) {
      this.extAlbum = text.slice(8).trim() || undefined;
    }
  }

  private emit(line: number, display: string, durationMs?: number, path?: string, fromFileName = false): void {
    let parts = splitArtistTitle(display);
    if (!parts && this.extArtist && display) parts = { artist: this.extArtist, title: display };
    if (!parts && !fromFileName && path) parts = splitArtistTitle(fileStem(path));
    if (!parts) {
      const what = fromFileName ? `file name "${display}"` : `#EXTINF title "${display}"`;
      this.errors.push({ line, reason: `entry skipped: ${what} is not "Artist - Title"` });
    } else {
      const track: ListTrack = { title: parts.title, artists: [parts.artist], position: this.tracks.length };
      if (durationMs) track.durationMs = durationMs;
      if (this.extAlbum) track.album = this.extAlbum;
      this.tracks.push(track);
    }
    this.extArtist = undefined;
    this.extAlbum = undefined;
  }
}

function indexOfUnquotedComma(s: string): number {
  let inQuotes = false;
  for (let i = 0; i < s.length; i += 1) {
    if (s[i] === '"') inQuotes = !inQuotes;
    else if (s[i] === ',' && !inQuotes) return i;
  }
  return -1;
}

/** "Music/Artist - Title.flac" or a URL → "Artist - Title". */
function fileStem(path: string): string {
  let p = path;
  try {
    if (/^[a-z]+:\/\//i.test(p)) p = decodeURIComponent(new URL(p).pathname);
  } catch {
    // keep the raw text
  }
  const base = p.split(/[\\/]/).pop() ?? p;
  return base.replace(/\.[A-Za-z0-9]{2,5}$/, '').replace(/^\d{1,3}\s*[-.]\s*/, '').trim();
}

export function parseM3uList(text: string): ListParseResult {
  const parser = new M3uListParser();
  parser.push(text);
  return parser.end();
}
