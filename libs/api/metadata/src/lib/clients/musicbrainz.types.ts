/** MusicBrainz data as the rest of SoulSpot sees it (wire shapes stay in musicbrainz.wire.ts). */

export interface MbArtistCredit {
  artistId: string;
  /** The artist's own name. */
  name: string;
  /** The name as credited on this recording/release (may differ, e.g. "Jay-Z" vs "JAY Z"). */
  creditedName: string;
  sortName: string | null;
  joinPhrase: string;
}

export interface MbReleaseGroup {
  id: string;
  title: string;
  /** Album, Single, EP, Broadcast, Other; null when MusicBrainz didn't say. */
  primaryType: string | null;
  /** Compilation, Live, Remix, Soundtrack, DJ-mix, ... */
  secondaryTypes: string[];
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  firstReleaseDate: string | null;
}

/** Where a recording sits on one release. */
export interface MbTrackPosition {
  trackId: string | null;
  /** Integer position on the medium. */
  trackNumber: number;
  /** As printed ("1", "A1"). */
  number: string;
  /** Tracks on that medium. */
  trackTotal: number | null;
  discNumber: number;
}

/** A release as embedded in a recording (ISRC lookup, recording lookup, search). */
export interface MbReleaseRef {
  id: string;
  title: string;
  status: string | null;
  date: string | null;
  country: string | null;
  releaseGroup: MbReleaseGroup | null;
  position: MbTrackPosition | null;
  /** Tracks on the whole release when known (search results carry it). */
  trackCount: number | null;
}

export interface MbRecording {
  id: string;
  title: string;
  lengthMs: number | null;
  disambiguation: string;
  artistCredits: MbArtistCredit[];
  /** Display string: credited names joined by their join phrases. */
  artist: string;
  isrcs: string[];
  firstReleaseDate: string | null;
  releases: MbReleaseRef[];
  /** Curated genres; tags when MusicBrainz has no genres. Lower-case. */
  genres: string[];
  tags: string[];
  /** Search relevance 0–100 (search results only). */
  score: number | null;
}

export interface MbReleaseTrack {
  id: string;
  recordingId: string;
  title: string;
  lengthMs: number | null;
  trackNumber: number;
  number: string;
  discNumber: number;
  isrcs: string[];
  artistCredits: MbArtistCredit[];
  artist: string;
}

export interface MbMedium {
  position: number;
  format: string | null;
  trackCount: number;
  tracks: MbReleaseTrack[];
}

export interface MbRelease {
  id: string;
  title: string;
  status: string | null;
  date: string | null;
  country: string | null;
  barcode: string | null;
  artistCredits: MbArtistCredit[];
  /** Album artist display string. */
  artist: string;
  releaseGroup: MbReleaseGroup | null;
  labels: Array<{ name: string; catalogNumber: string | null }>;
  /** From `cover-art-archive.front`: lets callers skip a CAA round-trip; null when not reported. */
  hasFrontCover: boolean | null;
  media: MbMedium[];
  discTotal: number;
  trackTotal: number;
  genres: string[];
  tags: string[];
}

export interface MbArtist {
  id: string;
  name: string;
  sortName: string | null;
  /** Person, Group, Orchestra, Choir, Character, Other. */
  type: string | null;
  country: string | null;
  disambiguation: string;
  genres: string[];
  tags: string[];
}

/** What we know about the track we are looking for (usually from Spotify). */
export interface WantedTrack {
  title: string;
  artist: string;
  album?: string;
  durationMs?: number;
  isrc?: string;
}
