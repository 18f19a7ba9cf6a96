/** Small helpers shared by the list parsers (no I/O, no state). */

/** Splits incoming chunks into complete lines; keeps the unfinished tail for the next chunk. */
export class LineSplitter {
  private tail = '';
  private first = true;

  push(chunk: string): string[] {
    let text = this.tail + chunk;
    if (this.first && text.length > 0) {
      text = stripBom(text);
      this.first = false;
    }
    const parts = text.split(/\r\n|\n|\r(?!$)/);
    this.tail = parts.pop() ?? '';
    return parts;
  }

  end(): string[] {
    const rest = this.tail.replace(/\r$/, '');
    this.tail = '';
    return rest.length > 0 ? [rest] : [];
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parses a duration given as seconds ("215", "215.5", "215,5") or clock time ("3:35", "1:02:03").
 * Returns milliseconds, or undefined when the value is not a plausible duration.
 */
export function parseDurationSeconds(value: string): number | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+([.,]\d+)?$/.test(v)) {
    const s = Number(v.replace(',', '.'));
    return s > 0 && s < 24 * 3600 ? Math.round(s * 1000) : undefined;
  }
  const clock = /^(?:(\d+):)?(\d{1,3}):([0-5]\d)(?:[.,](\d{1,3}))?$/.exec(v);
  if (!clock) return undefined;
  const [, h, m, s, frac] = clock;
  if (h !== undefined && Number(m) > 59) return undefined;
  const ms = ((Number(h ?? 0) * 60 + Number(m)) * 60 + Number(s)) * 1000 + (frac ? Math.round(Number(`0.${frac}`) * 1000) : 0);
  return ms > 0 ? ms : undefined;
}

export function parseDurationMs(value: string): number | undefined {
  const v = value.trim();
  if (!/^\d+(\.\d+)?$/.test(v)) return undefined;
  const ms = Math.round(Number(v));
  return ms > 0 && ms < 24 * 3600 * 1000 ? ms : undefined;
}

/** Accepts `spotify:track:ID`, `https://open.spotify.com/track/ID?si=…` and a bare 22-char base62 id. */
export function parseSpotifyTrackId(value: string): string | undefined {
  const v = value.trim();
  const m = /^spotify:track:([A-Za-z0-9]{22})$/.exec(v) ?? /^https?:\/\/open\.spotify\.com\/(?:intl-[a-z]{2}\/)?track\/([A-Za-z0-9]{22})(?:[?#].*)?$/.exec(v) ?? /^([A-Za-z0-9]{22})$/.exec(v);
  return m ? m[1] : undefined;
}

export function parseIsrc(value: string): string | undefined {
  const v = value.trim().replace(/-/g, '').toUpperCase();
  return /^[A-Z]{2}[A-Z0-9]{3}\d{7}$/.test(v) ? v : undefined;
}

/**
 * Splits "Artist - Title" on the first dash separator surrounded by spaces (hyphen, en or em dash).
 * The first one wins because titles often carry " - Remastered 2011" while artist names rarely
 * contain a spaced dash.
 */
export function splitArtistTitle(text: string): { artist: string; title: string } | undefined {
  const m = /^(.*?\S)\s+[-–—]\s+(\S.*)$/.exec(text.trim());
  if (!m) return undefined;
  return { artist: m[1].trim(), title: m[2].trim() };
}
