/** Request/response types and live events of the library feature. */

/** What SoulSpot should do about one recording. More states (downloaded, ...) come with the acquisition engine. */
/** `in_library`: a file for it was imported into the library (set by the import pipeline). */
export type WantedTrackState = 'wanted' | 'excluded' | 'in_library';

export interface WantedTrack {
  id: string;
  title: string;
  artists: string[];
  album: string | null;
  durationMs: number | null;
  isrc: string | null;
  spotifyId: string | null;
  state: WantedTrackState;
  /** Absolute path of the imported library file (state `in_library`). */
  libraryPath: string | null;
  createdAt: string;
}

export interface UpdateWantedTrackRequest {
  excluded: boolean;
}

/** Members of the live event stream published by the library feature (none yet). */
export type LibraryServerEvent = never;

// ---------------------------------------------------------------------------------------------------------
// Import: a file becomes a tagged, named library file (verify → metadata → cover → lyrics → tags → move).

export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';
export type ImportStepName = 'verify' | 'metadata' | 'cover' | 'lyrics' | 'tags' | 'move';
export type ImportStepStatus = 'done' | 'skipped' | 'failed';

export interface ImportStep {
  name: ImportStepName;
  status: ImportStepStatus;
  /** What the step did, or why it was skipped/failed, in words a user understands. */
  detail: string;
  durationMs: number;
}

/** What the caller already knows about the file (e.g. the wanted track from Spotify). All optional. */
export interface ImportHints {
  artist?: string;
  title?: string;
  album?: string;
  albumArtist?: string;
  durationMs?: number;
  isrc?: string;
  trackNumber?: number;
  discNumber?: number;
  releaseDate?: string;
}

export interface CreateImportRequest {
  /** Absolute path of an audio file on the SoulSpot server. */
  path: string;
  hints?: ImportHints;
  /** The wanted track this file is for: a finished import puts it `in_library` and refreshes its lists' M3U8. */
  wantedTrackId?: string;
  /** The verified download the file came from: at most one import per download (a repeat returns the first). */
  downloadId?: string;
}

export interface ImportRecord {
  id: string;
  status: ImportStatus;
  sourcePath: string;
  hints: ImportHints;
  wantedTrackId: string | null;
  downloadId: string | null;
  steps: ImportStep[];
  /** Where the file ended up in the library. */
  resultPath: string | null;
  error: string | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportSettings {
  /** Absolute folder the library lives in; defaults to the general settings' libraryPath. */
  libraryPath: string;
  templates: { standard: string; compilation: string };
  steps: { musicbrainz: boolean; coverArt: boolean; lyrics: boolean; lastfmGenres: boolean };
  /** URL or e-mail MusicBrainz can reach the operator at (part of the User-Agent). */
  contact: string;
  /** Whether a Last.fm API key is stored (the key itself is never returned). */
  lastfmApiKeySet: boolean;
  providers: { musicBrainz: string; coverArtArchive: string; lrclib: string; lastfm: string; deezer: string };
}

export interface UpdateImportSettingsRequest {
  libraryPath?: string;
  templates?: { standard?: string; compilation?: string };
  steps?: Partial<ImportSettings['steps']>;
  contact?: string;
  /** A new key; an empty string removes the stored key. */
  lastfmApiKey?: string;
  providers?: Partial<ImportSettings['providers']>;
}

export interface NamingPreviewRequest {
  template: string;
}

export interface NamingPreviewResponse {
  valid: boolean;
  errors: { index: number; message: string }[];
  /** Sample path rendered with the template (only when valid). */
  path: string | null;
}

/** `POST /api/sources/:id/export-m3u8`: the playlist file written into the library. */
export interface ExportM3u8Response {
  /** Absolute path of the written `.m3u8` (`<library>/Playlists/<list name>.m3u8`). */
  path: string;
  /** Entries of the list (not removed from it). */
  total: number;
  /** Tracks written (in the library, file present). */
  written: number;
  /** Entries left out because they are not in the library (yet). */
  missing: number;
}

export type ImportServerEvent = { type: 'import.updated'; payload: ImportRecord };
