/** JSON shapes of MusicBrainz WS/2 as far as we read them. Everything optional/nullable: search and lookups differ. */

export interface MbWireArtist {
  id: string;
  name: string;
  'sort-name'?: string | null;
}

export interface MbWireArtistLookup extends MbWireArtist {
  type?: string | null;
  country?: string | null;
  disambiguation?: string;
  genres?: MbWireTag[];
  tags?: MbWireTag[];
}

export interface MbWireArtistCredit {
  name?: string;
  joinphrase?: string;
  artist: MbWireArtist;
}

export interface MbWireTag {
  name: string;
  count?: number | string;
}

export interface MbWireReleaseGroup {
  id: string;
  title?: string;
  'primary-type'?: string | null;
  'secondary-types'?: string[] | null;
  'first-release-date'?: string | null;
  genres?: MbWireTag[];
  tags?: MbWireTag[];
}

export interface MbWireTrack {
  id: string;
  position?: number;
  number?: string;
  title?: string;
  length?: number | null;
  'artist-credit'?: MbWireArtistCredit[];
  recording?: MbWireRecording;
}

export interface MbWireMedium {
  position?: number;
  format?: string | null;
  'track-count'?: number;
  'track-offset'?: number;
  /** Lookups. */
  tracks?: MbWireTrack[];
  /** Search results use the singular key. */
  track?: MbWireTrack[];
}

export interface MbWireRelease {
  id: string;
  title: string;
  status?: string | null;
  date?: string | null;
  country?: string | null;
  barcode?: string | null;
  'artist-credit'?: MbWireArtistCredit[];
  'release-group'?: MbWireReleaseGroup;
  'track-count'?: number;
  media?: MbWireMedium[];
  'label-info'?: Array<{ 'catalog-number'?: string | null; label?: { name?: string } | null }>;
  'cover-art-archive'?: { front?: boolean };
  genres?: MbWireTag[];
  tags?: MbWireTag[];
}

export interface MbWireRecording {
  id: string;
  title: string;
  length?: number | null;
  disambiguation?: string;
  score?: number | string;
  'first-release-date'?: string | null;
  'artist-credit'?: MbWireArtistCredit[];
  releases?: MbWireRelease[];
  isrcs?: string[];
  genres?: MbWireTag[];
  tags?: MbWireTag[];
}

export interface MbWireIsrcResponse {
  isrc: string;
  recordings?: MbWireRecording[];
}

export interface MbWireSearchResponse {
  count?: number;
  offset?: number;
  recordings?: MbWireRecording[];
}

export interface MbWireError {
  error?: string;
  help?: string;
}
