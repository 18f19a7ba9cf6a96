/**
 * One entry of a list to download, whatever its source (Spotify playlist, liked songs, CSV, text, M3U).
 * Only `title`, `artists` and `position` are always known; everything else helps matching when present.
 */
export interface ListTrack {
  spotifyId?: string;
  isrc?: string;
  title: string;
  artists: string[];
  album?: string;
  albumArtist?: string;
  durationMs?: number;
  trackNumber?: number;
  discNumber?: number;
  explicit?: boolean;
  /** 0-based position in the source list (Spotify position, or the n-th parsed entry). */
  position: number;
  /** ISO-8601 UTC. */
  addedAt?: string;
}

/** A line the parser could not use; parsing goes on with the next one. */
export interface ListParseError {
  /** 1-based line number in the input (for CSV: the line where the record starts). */
  line: number;
  reason: string;
}

export interface ListParseResult {
  tracks: ListTrack[];
  errors: ListParseError[];
}
