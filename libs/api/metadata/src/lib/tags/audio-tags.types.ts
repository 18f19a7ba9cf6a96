/** Audio containers we read and write tags for. */
export type AudioContainer = 'mp3' | 'flac' | 'mp4' | 'ogg-vorbis' | 'ogg-opus' | 'other';

export type CoverMimeType = 'image/jpeg' | 'image/png';

export interface CoverImage {
  data: Uint8Array;
  mimeType: CoverMimeType;
}

/** MusicBrainz identifiers, written under the field names Picard uses for each format. */
export interface MusicBrainzIds {
  recordingId?: string | null;
  releaseId?: string | null;
  releaseGroupId?: string | null;
  /** One id per credited track artist, in credit order. */
  artistIds?: string[] | null;
  albumArtistIds?: string[] | null;
  releaseTrackId?: string | null;
}

/**
 * Tags to write. Every field has three states so that a partial update never destroys what the
 * file already knows:
 * - `undefined` (absent): leave whatever the file has,
 * - `null`: remove the field from the file,
 * - a value: write it (in `fill` mode only when the file has nothing there yet).
 */
export interface TrackTags {
  title?: string | null;
  /** Track artists, one entry per artist (multi-value in every format). */
  artists?: string[] | null;
  albumArtist?: string | null;
  album?: string | null;
  trackNumber?: number | null;
  trackTotal?: number | null;
  discNumber?: number | null;
  discTotal?: number | null;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  date?: string | null;
  genres?: string[] | null;
  isrc?: string | null;
  musicBrainz?: MusicBrainzIds;
  compilation?: boolean | null;
  /** Replaces the front cover only; other embedded pictures (back, booklet) are kept. */
  frontCover?: CoverImage | null;
  /** Unsynchronised lyrics (plain text). */
  lyrics?: string | null;
}

export interface WriteTagsOptions {
  /**
   * `merge` (default): given fields overwrite the file's values, all others are kept.
   * `fill`: given fields are only written where the file has no value yet (keeps a hand-tagged file's choices).
   */
  mode?: 'merge' | 'fill';
  /**
   * Default true: tag a copy in the same folder, fsync it and rename it over the original, so a crash
   * never leaves a half-written file. The file gets a new inode (hard links to it are not updated).
   * false: rewrite in place (faster for huge files on slow disks; unsafe if the process dies mid-write).
   */
  atomic?: boolean;
}

export interface WriteTagsResult {
  container: AudioContainer;
  /** Logical fields that were actually changed in the file (`id3v1Removed` when an old ID3v1 tag was dropped). */
  written: string[];
  /** Fields left alone because the file already had a value (fill mode). */
  keptExisting: string[];
}

export interface ExistingTags {
  title?: string;
  artists: string[];
  albumArtist?: string;
  album?: string;
  trackNumber?: number;
  trackTotal?: number;
  discNumber?: number;
  discTotal?: number;
  date?: string;
  year?: number;
  genres: string[];
  isrc?: string;
  musicBrainz: {
    recordingId?: string;
    releaseId?: string;
    releaseGroupId?: string;
    artistIds: string[];
    albumArtistIds: string[];
    releaseTrackId?: string;
  };
  compilation: boolean;
  hasPicture: boolean;
  hasFrontCover: boolean;
  lyrics?: string;
}

export interface AudioInfo {
  path: string;
  container: AudioContainer;
  /** Container as reported by the parser, e.g. `MPEG`, `FLAC`, `M4A/mp42/isom`, `Ogg`. */
  containerName: string;
  codec?: string;
  lossless: boolean;
  durationSeconds?: number;
  /** Bits per second. */
  bitrate?: number;
  sampleRate?: number;
  bitDepth?: number;
  channels?: number;
  /** Tag formats found, e.g. `ID3v2.4`, `vorbis`, `iTunes`. */
  tagTypes: string[];
  tags: ExistingTags;
}
