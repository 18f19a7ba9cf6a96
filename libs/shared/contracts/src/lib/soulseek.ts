/** Request/response types and live events of the soulseek feature. */
import type { Page } from './system';

/** slskd connection settings as the UI sees them: the API key is write-only. */
export interface SlskdSettings {
  /** slskd root including any url_base, e.g. `http://slskd:5030` or `http://nas/slskd`. Empty when not configured. */
  url: string;
  hasApiKey: boolean;
  /** slskd's downloads folder as slskd sees it (inside its container). */
  downloadsPathRemote: string;
  /** Where that same folder appears on SoulSpot's side. */
  downloadsPathLocal: string;
  /** True once url and API key are set. */
  configured: boolean;
  /** Search budget: at most `searchesPerWindow` POSTs per `searchWindowSeconds`, `searchMinGapMs` apart. */
  searchesPerWindow: number;
  searchWindowSeconds: number;
  searchMinGapMs: number;
  /** slskd's idle search timeout in ms (restarted by every response); MATCHING.md default 8000. */
  searchTimeoutMs: number;
}

export interface UpdateSlskdSettingsRequest {
  url: string;
  /** Omit to keep the stored key; an empty string clears it. */
  apiKey?: string;
  downloadsPathRemote?: string;
  downloadsPathLocal?: string;
  searchesPerWindow?: number;
  searchWindowSeconds?: number;
  searchMinGapMs?: number;
  searchTimeoutMs?: number;
}

export interface SlskdTestConnectionResponse {
  ok: boolean;
  version: string | null;
  loggedIn: boolean;
  username: string | null;
  /** slskd's server state flags, e.g. `Connected, LoggedIn`. */
  state: string | null;
  /** slskd's downloads directory from its options (as slskd sees it). */
  downloadsDir: string | null;
  message: string;
}

export interface SoulseekSearchBudget {
  capacity: number;
  windowSeconds: number;
  minGapMs: number;
  /** Searches that may start now without waiting for the window. */
  available: number;
  /** When the next search may start (ISO), now if one is available. */
  nextSlotAt: string;
  /** Searches queued or running. */
  queuedSearches: number;
  /** Estimated seconds until the queued backlog has been sent (1.5 queries per search). */
  etaSeconds: number;
  /** Set while slskd told us to back off (429). */
  blockedUntil: string | null;
}

export type SoulseekSearchStatus = 'queued' | 'searching' | 'ranking' | 'done' | 'failed';
export const SOULSEEK_SEARCH_STATUSES: SoulseekSearchStatus[] = ['queued', 'searching', 'ranking', 'done', 'failed'];
/** A quality profile id: one of the built-ins below or a user-defined profile's id. */
export type SoulseekProfileId = string;
/** The built-in profiles (read-only); user-defined ones come from `GET /api/quality-profiles`. */
export const SOULSEEK_PROFILE_IDS: SoulseekProfileId[] = ['lossless-preferred', 'balanced', 'space-saver'];

/** Formats a quality profile can allow (file extensions as the matcher knows them). */
export type QualityProfileFormat = 'flac' | 'alac' | 'wav' | 'aiff' | 'ape' | 'wv' | 'mp3' | 'aac' | 'm4a' | 'ogg' | 'opus' | 'wma';
export const QUALITY_PROFILE_FORMATS: QualityProfileFormat[] = ['flac', 'alac', 'wav', 'aiff', 'ape', 'wv', 'mp3', 'aac', 'm4a', 'ogg', 'opus', 'wma'];

/** The editable part of a quality profile. */
export interface QualityProfileFields {
  name: string;
  /** Allowed formats, most preferred first; anything else is rejected. */
  allowedFormats: QualityProfileFormat[];
  /** Lossy bitrate limits in kbps. */
  minBitrate?: number | null;
  maxBitrate?: number | null;
  maxBitDepth?: number | null;
  maxSampleRate?: number | null;
  minSizeMb?: number | null;
  maxSizeMb?: number | null;
  /** Every word must occur in the file path. */
  requiredWords: string[];
  /** A path containing any of these words is rejected. */
  ignoredWords: string[];
  preferredUsers: string[];
  bannedUsers: string[];
}

export interface QualityProfileView extends QualityProfileFields {
  id: SoulseekProfileId;
  /** Built-ins are read-only (their tier rules are hand-tuned). */
  builtIn: boolean;
  /** Used for searches and downloads that name no profile. */
  isDefault: boolean;
  /** null: no limit. */
  minBitrate: number | null;
  maxBitrate: number | null;
  maxBitDepth: number | null;
  maxSampleRate: number | null;
  minSizeMb: number | null;
  maxSizeMb: number | null;
}

export type CreateQualityProfileRequest = QualityProfileFields;
export type UpdateQualityProfileRequest = QualityProfileFields;

export interface CreateSoulseekSearchRequest {
  artist: string;
  title: string;
  album?: string;
  durationMs?: number;
  profile?: SoulseekProfileId;
}

/** One query of the plan as it ran. */
export interface SoulseekSearchStep {
  id: string;
  query: string;
  /** Served from the 24 h result cache (no search sent to slskd). */
  cached: boolean;
  responses: number;
  files: number;
  accepted: number;
  durationMs: number;
}

export interface SoulseekSearch {
  id: string;
  status: SoulseekSearchStatus;
  artist: string;
  title: string;
  album: string | null;
  durationMs: number | null;
  profile: SoulseekProfileId;
  steps: SoulseekSearchStep[];
  acceptedCount: number;
  rejectedCount: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface SoulseekCandidate {
  id: string;
  accepted: boolean;
  /** 1-based position among accepted candidates; null for rejected ones. */
  rank: number | null;
  username: string;
  filename: string;
  size: number;
  lengthSeconds: number | null;
  bitRate: number | null;
  bitDepth: number | null;
  sampleRate: number | null;
  uploadSpeed: number;
  queueLength: number;
  hasFreeUploadSlot: boolean;
  identity: number | null;
  quality: number | null;
  availability: number | null;
  /** 1 strong, 2 acceptable. */
  band: number | null;
  qualityTier: number | null;
  availClass: number | null;
  etaSeconds: number | null;
  reasons: string[];
  rejectReason: string | null;
  rejectDetail: string | null;
}

export interface SoulseekSearchDetail extends SoulseekSearch {
  /** First page of accepted candidates, best first. */
  accepted: Page<SoulseekCandidate>;
  /** First page of rejected candidates with their reasons. */
  rejected: Page<SoulseekCandidate>;
}

/** Members of the live event stream published by the soulseek feature. */
export type SoulseekServerEvent = { type: 'soulseek.search.updated'; payload: SoulseekSearch };
