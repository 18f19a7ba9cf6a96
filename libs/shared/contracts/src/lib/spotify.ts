/** Request/response types and live events of the spotify feature (connection + list sources). */

export type SpotifyConnectionStatus = 'connected' | 'reconnect_required' | 'not_connected';

export interface SpotifyConnection {
  /** A client id is saved (the user registered their own Spotify app). */
  configured: boolean;
  clientId: string | null;
  /** The exact URI to register in the Spotify developer dashboard. */
  redirectUri: string;
  connected: boolean;
  account: { id: string; displayName: string | null } | null;
  status: SpotifyConnectionStatus;
  scopes: string[];
  /** Set while Spotify's daily quota is exhausted: no Spotify request is made before this time. */
  pausedUntil: string | null;
}

export interface UpdateSpotifySettingsRequest {
  clientId: string;
  /** Defaults to https://accounts.spotify.com (tests and the demo point it at the fake). */
  accountsBaseUrl?: string;
  /** Defaults to https://api.spotify.com/v1. */
  apiBaseUrl?: string;
}

export interface SpotifyConnectResponse {
  /** Send the browser here (top-level navigation); Spotify comes back to /api/spotify/callback. */
  authorizeUrl: string;
}

/** `search`: the one list "Added from search" that holds tracks and albums picked on the Spotify search page (never synced). */
export type ListSourceKind = 'spotify_playlist' | 'spotify_liked' | 'spotify_saved_albums' | 'spotify_followed_artists' | 'csv' | 'text' | 'search';

export type ListSyncStatus = 'never' | 'queued' | 'running' | 'ok' | 'error' | 'paused';

export interface ListSourceCounts {
  total: number;
  /** Tracks the list wants (not excluded): `inLibrary` + `missing`. */
  wanted: number;
  /** Wanted tracks with a file in the library (counted even when the list is excluded). */
  inLibrary: number;
  /** Wanted tracks without a file yet. */
  missing: number;
  excluded: number;
  /** Entries that were in the list once and are gone now (kept, never deleted). */
  removed: number;
}

export interface SkippedEntryCounts {
  local: number;
  episode: number;
  unavailable: number;
}

export interface ListSource {
  id: string;
  kind: ListSourceKind;
  name: string;
  externalId: string | null;
  snapshotId: string | null;
  syncEnabled: boolean;
  syncIntervalMinutes: number;
  /** The whole list is excluded from wanting (its tracks still show, as excluded). */
  excluded: boolean;
  /** Quality profile for downloads from this list (GET /api/quality-profiles); null: the default. Always sent by the API. */
  profile?: string | null;
  lastSyncAt: string | null;
  lastSyncStatus: ListSyncStatus;
  lastSyncMessage: string | null;
  counts: ListSourceCounts;
  skipped: SkippedEntryCounts;
  /** Followed-artists sources: the artists (watched later, not turned into wanted tracks). */
  artists: { id: string; name: string }[];
  createdAt: string;
}

export interface CreateListSourceRequest {
  kind: Extract<ListSourceKind, 'spotify_playlist' | 'spotify_liked' | 'spotify_saved_albums' | 'spotify_followed_artists'>;
  /** Spotify playlist id (spotify_playlist only). */
  externalId?: string;
  name: string;
}

export interface UpdateListSourceRequest {
  syncEnabled?: boolean;
  syncIntervalMinutes?: number;
  excluded?: boolean;
  name?: string;
  /** A quality profile id; null goes back to the default profile. */
  profile?: string | null;
}

export interface ImportListRequest {
  fileName?: string;
  content: string;
  /** Defaults to the file name. */
  name?: string;
}

export interface ImportListResponse {
  source: ListSource;
  format: 'csv' | 'text' | 'm3u';
  imported: number;
  duplicates: number;
  errors: { line: number; reason: string }[];
}

export interface DiscoveredSpotifyList {
  kind: CreateListSourceRequest['kind'];
  externalId: string | null;
  name: string;
  ownerName: string | null;
  totalItems: number | null;
  readable: boolean;
  /** Why it cannot be synced and what to do instead (followed playlists: export as CSV). */
  note: string | null;
  /** Id of the existing source when this list was already added. */
  sourceId: string | null;
}

export interface DiscoverSpotifyListsResponse {
  lists: DiscoveredSpotifyList[];
}

export interface ListSourceTrack {
  entryId: string;
  position: number;
  wantedTrackId: string;
  title: string;
  artists: string[];
  album: string | null;
  durationMs: number | null;
  isrc: string | null;
  spotifyId: string | null;
  /** `in_library` once a file was imported; else `excluded` when the track or its whole list is excluded. */
  state: 'wanted' | 'excluded' | 'in_library';
  trackExcluded: boolean;
  addedAt: string | null;
  removedAt: string | null;
}

/** Members of the live event stream published by the spotify feature. */
export type SpotifyServerEvent =
  | { type: 'sources.updated'; payload: { sourceId: string | null } }
  | { type: 'source.sync.updated'; payload: ListSource }
  | { type: 'spotify.connection.updated'; payload: { status: SpotifyConnectionStatus } };

export type SpotifySearchType = 'track' | 'album';

/**
 * One Spotify search hit. A track is `wanted` when a wanted track has its Spotify id; an album when at least
 * `totalTracks` wanted tracks carry its name and one of its artists (no extra Spotify request per hit).
 */
export interface SpotifySearchItem {
  kind: SpotifySearchType;
  spotifyId: string;
  name: string;
  artists: string[];
  /** Album name (tracks only). */
  album: string | null;
  durationMs: number | null;
  releaseDate: string | null;
  totalTracks: number | null;
  imageUrl: string | null;
  wanted: boolean;
}

/** Pages of at most 10 (Development Mode apps get 400 for larger search pages). */
export interface SpotifySearchResponse {
  items: SpotifySearchItem[];
  page: number;
  pageSize: number;
  total: number;
  hasMore: boolean;
}

export interface AddFromSearchRequest {
  kind: SpotifySearchType;
  spotifyId: string;
}

export interface AddFromSearchResponse {
  /** The "Added from search" list the tracks were put on. */
  sourceId: string;
  /** Tracks of the request (1 for a track, the album's tracks for an album). */
  tracks: number;
  /** Wanted tracks that did not exist before (the rest were already wanted, from any list). */
  created: number;
}
