/**
 * Spotify Web API / accounts JSON exactly as received (external-apis.md §1, spotify-openapi.yml).
 * Every field removed for Development-Mode apps is optional; wire types never leave `clients/`.
 */

export interface WireTokenResponse {
  access_token: string;
  token_type: string;
  scope?: string;
  expires_in: number;
  /** Rotated with PKCE; may be omitted, then the previous one stays valid. */
  refresh_token?: string;
}

export interface WireOAuthError {
  error: string;
  error_description?: string;
}

export interface WireApiError {
  error: { status: number; message: string; reason?: string };
}

export interface WirePaging<T> {
  href: string;
  items: T[];
  limit: number;
  next: string | null;
  offset: number;
  previous: string | null;
  total: number;
}

export interface WireCursorPaging<T> {
  href: string;
  items: T[];
  limit: number;
  next: string | null;
  cursors: { after?: string | null; before?: string | null } | null;
  total?: number;
}

export interface WireExternalUrls {
  spotify?: string;
}

export interface WireImage {
  url: string;
  height: number | null;
  width: number | null;
}

export interface WireUserRef {
  id: string;
  display_name?: string | null;
  type: 'user';
  uri: string;
  href?: string;
  external_urls?: WireExternalUrls;
}

export interface WireMe {
  id: string;
  account_id?: string;
  display_name?: string | null;
  images?: WireImage[];
  uri: string;
  country?: string;
  email?: string;
  product?: string;
}

export interface WireSimplifiedArtist {
  /** `null` for local files. */
  id: string | null;
  name: string;
  type: 'artist';
  uri: string | null;
}

export interface WireArtist extends WireSimplifiedArtist {
  id: string;
  images?: WireImage[];
  genres?: string[];
}

export interface WireSimplifiedAlbum {
  id: string | null;
  name: string;
  album_type: 'album' | 'single' | 'compilation' | null;
  total_tracks: number | null;
  release_date: string | null;
  release_date_precision: 'year' | 'month' | 'day' | null;
  images: WireImage[];
  artists: WireSimplifiedArtist[];
  uri: string | null;
  type: 'album';
}

export interface WireSimplifiedTrack {
  id: string | null;
  name: string;
  artists: WireSimplifiedArtist[];
  disc_number: number;
  track_number: number;
  duration_ms: number;
  explicit: boolean;
  is_local?: boolean;
  uri: string;
  type: 'track';
}

export interface WireTrack extends WireSimplifiedTrack {
  album?: WireSimplifiedAlbum;
  external_ids?: { isrc?: string; ean?: string; upc?: string };
}

export interface WireEpisode {
  id: string;
  name: string;
  type: 'episode';
  duration_ms: number;
  uri: string;
}

export interface WirePlaylistTrack {
  added_at: string | null;
  added_by: WireUserRef | null;
  is_local: boolean;
  /** New key (2026); `null` for unavailable tracks. */
  item?: WireTrack | WireEpisode | null;
  /** Deprecated alias of `item`, still sent during the deprecation window. */
  track?: WireTrack | WireEpisode | null;
}

export interface WireSimplifiedPlaylist {
  id: string;
  name: string;
  description: string | null;
  collaborative: boolean;
  public: boolean | null;
  snapshot_id: string;
  owner: WireUserRef;
  images: WireImage[] | null;
  items?: { href: string; total: number };
  tracks?: { href: string; total: number };
  uri: string;
}

export interface WireSavedTrack {
  added_at: string;
  track: WireTrack | null;
}

export interface WireAlbum extends WireSimplifiedAlbum {
  id: string;
  tracks: WirePaging<WireSimplifiedTrack>;
  external_ids?: { upc?: string; ean?: string; isrc?: string };
  genres?: string[];
  label?: string;
}

export interface WireSavedAlbum {
  added_at: string;
  album: WireAlbum | null;
}

export interface WireFollowedArtists {
  artists: WireCursorPaging<WireArtist>;
}

export interface WireSearchResponse {
  tracks?: WirePaging<WireTrack | null>;
  artists?: WirePaging<WireArtist | null>;
  albums?: WirePaging<WireSimplifiedAlbum | null>;
}
