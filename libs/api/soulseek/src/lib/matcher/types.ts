/**
 * Shapes the matcher consumes. The slskd ones mirror `GET /api/v0/searches/{id}/responses`
 * (only the fields the matcher reads); the client maps its wire types onto these.
 */

export interface SlskdSearchFile {
  /** Full remote share path with backslashes, e.g. `@@abcde\Music\Artist\Album\01 - Title.flac`. */
  filename: string;
  size: number;
  /** Often `""`, depending on the peer's client; the path extension is used then. */
  extension?: string | null;
  /** Seconds. */
  length?: number | null;
  /** kbps. */
  bitRate?: number | null;
  bitDepth?: number | null;
  sampleRate?: number | null;
  isVariableBitRate?: boolean | null;
}

export interface SlskdSearchResponse {
  username: string;
  /** Bytes per second. */
  uploadSpeed: number;
  queueLength: number;
  hasFreeUploadSlot: boolean;
  files: SlskdSearchFile[];
  lockedFiles?: SlskdSearchFile[];
}

export type AlbumType = 'album' | 'single' | 'compilation';

/** The Spotify track as the matcher needs it. */
export interface WantedTrack {
  title: string;
  /** Primary first; featured artists included as Spotify lists them. */
  artists: string[];
  album: string;
  albumType?: AlbumType;
  totalTracks?: number;
  durationMs: number;
  isrc?: string;
  trackNumber?: number;
  discNumber?: number;
  explicit?: boolean;
  /**
   * Optional enrichment (MusicBrainz): other release titles containing this recording, so the
   * original album folder counts as an album match for compilation/deluxe listings.
   */
  alternateAlbums?: string[];
  /** Optional enrichment: (release, track number) pairs from MusicBrainz. */
  alternateTrackNumbers?: number[];
}

export type VersionTag =
  | 'live'
  | 'remix'
  | 'radio_edit'
  | 'extended'
  | 'acoustic'
  | 'instrumental'
  | 'acapella'
  | 'karaoke'
  | 'cover'
  | 'demo'
  | 'sped_up'
  | 'reprise'
  | 're_recording'
  /** A plain "original mix/version" marker: harmless unless a version is wanted. */
  | 'original';

/** Reason codes shown to the user for rejected candidates. */
export type RejectReason =
  | 'locked'
  | 'not_audio'
  | 'format_not_allowed'
  | 'blocked_user'
  | 'blocked_file'
  | 'artist_missing'
  | 'required_phrase_missing'
  | 'version_mismatch'
  | 'title_mismatch'
  | 'wrong_duration'
  | 'unknown_duration'
  | 'truncated'
  | 'below_profile'
  | 'banned_word'
  | 'required_word_missing'
  | 'size_limit'
  | 'low_identity';

export interface AcceptedVerdict {
  accept: true;
  identity: number;
  quality: number;
  availability: number;
  /** 1 strong (I ≥ 85), 2 acceptable (70 ≤ I < 85). */
  band: 1 | 2;
  /** 0 best; profile-defined. */
  qualityTier: number;
  /** 0 = free slot and ≥ 100 KB/s, 1 = queue ≤ 10, 2 = rest. */
  availClass: 0 | 1 | 2;
  composite: number;
  /** Seconds; queue estimate plus transfer time. */
  etaSeconds: number;
  reasons: string[];
}

export interface RejectedVerdict {
  accept: false;
  reason: RejectReason;
  /** Version tag or other detail behind the reason, for the UI. */
  detail?: string;
  /** Identity computed so far when the rejection happened late (low identity), for "possible match" lists. */
  identity?: number;
}

export type Verdict = AcceptedVerdict | RejectedVerdict;

export interface CandidateResult {
  username: string;
  filename: string;
  file: SlskdSearchFile;
  verdict: Verdict;
}

export interface RankedCandidate extends CandidateResult {
  verdict: AcceptedVerdict;
}

/** Memory of earlier decisions for this track / these users. */
export interface MatchHistory {
  /** `${username}\\${filename}` pairs already rejected for this track. */
  rejectedFiles?: ReadonlySet<string>;
  blockedUsers?: ReadonlySet<string>;
  /** Per user: recent successes / failures (already decayed by the caller). */
  userStats?: ReadonlyMap<string, { successes: number; failures: number; recentFailures?: number }>;
}
