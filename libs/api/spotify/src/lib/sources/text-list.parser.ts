import type { ListParseError, ListParseResult, ListTrack } from './list-track';
import { LineSplitter, parseDurationSeconds, splitArtistTitle } from './list-text.util';

/**
 * Plain text lists, one `Artist - Title` per line (hyphen, en or em dash). Blank lines and comments
 * (`#`, `//`, `;`) are ignored; a leading "1." / "01)" numbering and a trailing "(3:45)" or
 * "[3:45]" duration are understood. Streaming: `push()` chunks, then `end()`.
 */
export class TextListParser {
  private readonly lines = new LineSplitter();
  private lineNo = 0;
  private readonly tracks: ListTrack[] = [];
  private readonly errors: ListParseError[] = [];

  push(chunk: string): void {
    for (const line of this.lines.push(chunk)) this.line(line);
  }

  end(): ListParseResult {
    for (const line of this.lines.end()) this.line(line);
    return { tracks: this.tracks, errors: this.errors };
  }

  private line(raw: string): void {
    this.lineNo += 1;
    let text = raw.trim();
    if (text === '' || text.startsWith('#') || text.startsWith('//') || text.startsWith(';')) return;
    text = text.replace(/^\d{1,4}\s*[.)]\s+/, '');
    let durationMs: number | undefined;
    const dur = /\s*[([](\d{1,2}:\d{2}(?::\d{2})?)[)\]]\s*$/.exec(text);
    if (dur) {
      durationMs = parseDurationSeconds(dur[1]);
      text = text.slice(0, dur.index).trim();
    }
    const parts = splitArtistTitle(text);
    if (!parts) return void this.errors.push({ line: this.lineNo, reason: `line skipped: expected "Artist - Title", got "${text.slice(0, 80)}"` });
    const track: ListTrack = { title: parts.title, artists: [parts.artist], position: this.tracks.length };
    if (durationMs) track.durationMs = durationMs;
    this.tracks.push(track);
  }
}

export function parseTextList(text: string): ListParseResult {
  const parser = new TextListParser();
  parser.push(text);
  return parser.end();
}
