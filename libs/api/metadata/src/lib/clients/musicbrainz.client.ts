import { Logger } from '@nestjs/common';
import { parseRetryAfter } from '@soulspot/api/core';
import { AxiosInstance } from 'axios';
import { createHttpClient, DEFAULT_USER_AGENT, send, unexpectedStatus } from './http';
import { InMemoryLruCache, MetadataCache } from './metadata-cache';
import { MetadataServiceError } from './metadata-service.error';
import { mapArtist, mapRecording, mapRelease } from './musicbrainz.mapper';
import { MbArtist, MbRecording, MbRelease, MbReleaseRef, WantedTrack } from './musicbrainz.types';
import { MbWireArtistLookup, MbWireIsrcResponse, MbWireRecording, MbWireRelease, MbWireSearchResponse } from './musicbrainz.wire';
import { lucenePhrase } from './lucene';
import { processRateGate, RateGate } from './rate-gate';
import { baseTitle, bestRecordingMatch, RecordingMatch } from './recording-match';

export interface MusicBrainzClientOptions {
  /** Default https://musicbrainz.org (the client appends /ws/2/...). */
  baseUrl?: string;
  timeoutMs?: number;
  /** `SoulSpot/<version> ( <contact> )`, see `soulSpotUserAgent`. MusicBrainz blocks generic agents. */
  userAgent?: string;
  /** Shared gate; default is the process-wide 'musicbrainz' gate at `minIntervalMs`. */
  rateGate?: RateGate;
  /** Spacing for the default gate. Default 1000 (1 request/s). */
  minIntervalMs?: number;
  /** Default: an in-memory LRU of 5000 entries for this client. */
  cache?: MetadataCache;
  /** How long found entities stay cached. Default 7 days. */
  cacheTtlMs?: number;
  /** How long "not found" is remembered. Default 1 day. */
  notFoundTtlMs?: number;
  /** Retries after 503/429 before giving up with a retryable 'rate_limited' error. Default 4. */
  maxRetries?: number;
  /** First backoff when the server sent no Retry-After; doubles per retry, plus up to 25 % jitter. Default 1000. */
  retryBaseDelayMs?: number;
}

export interface IdentifiedTrack {
  recording: MbRecording;
  /** The release chosen for tagging, fully looked up (all tracks, label, release group), or null. */
  release: MbRelease | null;
  releaseRef: MbReleaseRef | null;
  trackNumber: number | null;
  trackTotal: number | null;
  discNumber: number | null;
  discTotal: number | null;
  /** Recording genres first, then the release(-group) genres; lower-case, de-duplicated. */
  genres: string[];
  score: number;
  /** 'release' = found on the hinted release without a recording lookup. */
  via: 'release' | 'isrc' | 'search';
}

export interface MusicBrainzClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** 503/429 answers seen. */
  rateLimited: number;
  cacheHits: number;
}

const ISRC = /^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY = 24 * 60 * 60 * 1000;

const ISRC_INC = 'artist-credits+releases+release-groups+media+isrcs+genres+tags';
const RECORDING_INC = 'artist-credits+releases+release-groups+media+isrcs+genres+tags';
const RELEASE_INC = 'recordings+artist-credits+isrcs+release-groups+labels+genres+tags';

/**
 * MusicBrainz WS/2 reads. Every request passes one process-wide gate (1 request/s by default) and every
 * answer, including "not found", is cached, so resolving the tracks of one album costs about one request per
 * track plus one for the album.
 */
export class MusicBrainzClient {
  private readonly logger = new Logger(MusicBrainzClient.name);
  private readonly http: AxiosInstance;
  private readonly gate: RateGate;
  private readonly cache: MetadataCache;
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly counters: MusicBrainzClientStats = { requests: 0, rateLimited: 0, cacheHits: 0 };

  constructor(private readonly options: MusicBrainzClientOptions = {}) {
    this.http = createHttpClient({
      baseUrl: (options.baseUrl ?? 'https://musicbrainz.org').replace(/\/+$/, ''),
      timeoutMs: options.timeoutMs ?? 15_000,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    });
    this.gate = options.rateGate ?? processRateGate('musicbrainz', options.minIntervalMs ?? 1000);
    this.cache = options.cache ?? new InMemoryLruCache();
  }

  get stats(): MusicBrainzClientStats {
    return { ...this.counters };
  }

  /** Recordings carrying this ISRC (usually one), with their releases; [] when unknown or malformed. */
  async lookupIsrc(isrc: string): Promise<MbRecording[]> {
    const normalized = isrc.replace(/[\s-]/g, '').toUpperCase();
    if (!ISRC.test(normalized)) return [];
    return this.cached(`mb:isrc:${normalized}`, async () => {
      const body = await this.get<MbWireIsrcResponse>(`/ws/2/isrc/${normalized}`, { inc: ISRC_INC });
      return (body?.recordings ?? []).map(mapRecording);
    }, (v) => v.length > 0);
  }

  /**
   * Search by title and artist (Lucene-escaped). Spotify's neutral title suffixes ("- 2011 Remaster") are
   * removed first because MusicBrainz titles don't carry them. Album and duration are left out of the
   * query on purpose (Spotify album names and MB lengths often differ slightly); use `bestRecordingMatch`.
   */
  async searchRecordings(wanted: Pick<WantedTrack, 'title' | 'artist'> & Partial<WantedTrack>, limit = 10): Promise<MbRecording[]> {
    const query = `${lucenePhrase('recording', baseTitle(wanted.title))} AND ${lucenePhrase('artist', wanted.artist)}`;
    return this.cached(`mb:search:${limit}:${query}`, async () => {
      const body = await this.get<MbWireSearchResponse>('/ws/2/recording', { query, limit: String(Math.min(100, limit)) });
      return (body?.recordings ?? []).map(mapRecording);
    }, (v) => v.length > 0);
  }

  async getRecording(mbid: string): Promise<MbRecording | null> {
    if (!UUID.test(mbid)) return null;
    return this.cached(`mb:recording:${mbid}`, async () => {
      const body = await this.get<MbWireRecording>(`/ws/2/recording/${mbid}`, { inc: RECORDING_INC });
      return body ? mapRecording(body) : null;
    }, (v) => v !== null);
  }

  async getRelease(mbid: string): Promise<MbRelease | null> {
    if (!UUID.test(mbid)) return null;
    return this.cached(`mb:release:${mbid}`, async () => {
      const body = await this.get<MbWireRelease>(`/ws/2/release/${mbid}`, { inc: RELEASE_INC });
      return body ? mapRelease(body) : null;
    }, (v) => v !== null);
  }

  /** Artist with genres/tags (genre fallback when a recording has none). */
  async getArtist(mbid: string): Promise<MbArtist | null> {
    if (!UUID.test(mbid)) return null;
    return this.cached(`mb:artist:${mbid}`, async () => {
      const body = await this.get<MbWireArtistLookup>(`/ws/2/artist/${mbid}`, { inc: 'genres+tags' });
      return body ? mapArtist(body) : null;
    }, (v) => v !== null);
  }

  /**
   * ISRC first (exact), verified by title/artist/duration; search when there is no ISRC or it gave nothing
   * convincing. Then the chosen release is looked up once (cached) for track/disc totals and album data.
   */
  async identifyTrack(wanted: WantedTrack, options: { releaseHint?: string } = {}): Promise<IdentifiedTrack | null> {
    if (options.releaseHint) {
      const hinted = await this.identifyOnRelease(wanted, options.releaseHint);
      if (hinted) return hinted;
    }
    let match: RecordingMatch | null = null;
    let via: IdentifiedTrack['via'] = 'isrc';
    if (wanted.isrc) match = bestRecordingMatch(await this.lookupIsrc(wanted.isrc), wanted);
    if (!match) {
      via = 'search';
      match = bestRecordingMatch(await this.searchRecordings(wanted), wanted);
    }
    if (!match) return null;
    const chosen = match;
    const release = chosen.release ? await this.getRelease(chosen.release.id) : null;
    const track = release?.media.flatMap((m) => m.tracks).find((t) => t.recordingId === chosen.recording.id);
    const medium = track ? release?.media.find((m) => m.position === track.discNumber) : undefined;
    return {
      recording: match.recording,
      release,
      releaseRef: match.release,
      trackNumber: track?.trackNumber ?? match.release?.position?.trackNumber ?? null,
      trackTotal: medium?.trackCount ?? match.release?.position?.trackTotal ?? null,
      discNumber: track?.discNumber ?? match.release?.position?.discNumber ?? null,
      discTotal: release?.discTotal ?? null,
      genres: [...new Set([...match.recording.genres, ...(release?.genres ?? [])])],
      score: match.score,
      via,
    };
  }

  /**
   * Callers working through an album pass the release chosen for an earlier track: when the wanted track is
   * on it (same ISRC, or a convincing title/artist/length match) no recording lookup is needed, so an album
   * costs about two requests instead of one per track.
   */
  private async identifyOnRelease(wanted: WantedTrack, releaseId: string): Promise<IdentifiedTrack | null> {
    const release = await this.getRelease(releaseId);
    if (!release) return null;
    const isrc = wanted.isrc?.replace(/[\s-]/g, '').toUpperCase();
    const ref: MbReleaseRef = {
      id: release.id,
      title: release.title,
      status: release.status,
      date: release.date,
      country: release.country,
      releaseGroup: release.releaseGroup,
      position: null,
      trackCount: release.trackTotal,
    };
    const tracks = release.media.flatMap((m) => m.tracks);
    const byIsrc = isrc ? tracks.filter((t) => t.isrcs.includes(isrc)) : [];
    const candidates: MbRecording[] = (byIsrc.length ? byIsrc : tracks).map((t) => ({
      id: t.recordingId,
      title: t.title,
      lengthMs: t.lengthMs,
      disambiguation: '',
      artistCredits: t.artistCredits,
      artist: t.artist,
      isrcs: t.isrcs,
      firstReleaseDate: null,
      releases: [{ ...ref, position: { trackId: t.id, trackNumber: t.trackNumber, number: t.number, trackTotal: null, discNumber: t.discNumber } }],
      genres: [],
      tags: [],
      score: null,
    }));
    // Without an ISRC hit, only a near-certain match may skip the lookup.
    const match = bestRecordingMatch(candidates, wanted, { minScore: byIsrc.length ? undefined : 0.9 });
    if (!match) return null;
    const track = tracks.find((t) => t.recordingId === match.recording.id);
    const medium = release.media.find((m) => m.position === track?.discNumber);
    return {
      recording: match.recording,
      release,
      releaseRef: match.release,
      trackNumber: track?.trackNumber ?? null,
      trackTotal: medium?.trackCount ?? null,
      discNumber: track?.discNumber ?? null,
      discTotal: release.discTotal,
      genres: release.genres,
      score: match.score,
      via: 'release',
    };
  }

  private async cached<T>(key: string, load: () => Promise<T>, found: (value: T) => boolean): Promise<T> {
    const hit = await this.cache.get<T>(key);
    if (hit !== undefined) {
      this.counters.cacheHits++;
      return hit;
    }
    // Concurrent callers for the same key (tracks of one album arriving together) share one request.
    const pending = this.inflight.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const promise = load()
      .then(async (value) => {
        const ttl = found(value) ? (this.options.cacheTtlMs ?? 7 * DAY) : (this.options.notFoundTtlMs ?? DAY);
        await this.cache.set(key, value, ttl);
        return value;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  /** One gated GET; null on 404; 503/429 → shared backoff and retry (bounded). */
  private async get<T>(path: string, params: Record<string, string>): Promise<T | null> {
    const maxRetries = this.options.maxRetries ?? 4;
    const baseDelay = this.options.retryBaseDelayMs ?? 1000;
    for (let attempt = 0; ; attempt++) {
      await this.gate.acquire();
      this.counters.requests++;
      const response = await send('musicbrainz', () => this.http.get<T>(path, { params: { ...params, fmt: 'json' } }));
      if (response.status === 200) return response.data;
      if (response.status === 404) return null;
      if (response.status === 503 || response.status === 429) {
        this.counters.rateLimited++;
        const retryAfterMs = parseRetryAfter(response.headers['retry-after'] as string | undefined);
        const delay = retryAfterMs ?? Math.round(baseDelay * 2 ** attempt * (1 + Math.random() * 0.25));
        if (attempt >= maxRetries) {
          throw new MetadataServiceError('musicbrainz', `still rate limited after ${attempt + 1} attempts`, {
            status: response.status,
            retryAfterMs: delay,
            retryable: true,
            code: 'rate_limited',
          });
        }
        this.logger.warn(`MusicBrainz answered ${response.status} for ${path}; backing off ${delay} ms (attempt ${attempt + 1})`);
        await this.gate.backoff(delay);
        continue;
      }
      const message = (response.data as { error?: unknown } | null)?.error;
      if (response.status === 400) {
        throw new MetadataServiceError('musicbrainz', `bad request: ${typeof message === 'string' ? message : path}`, {
          status: 400,
          retryable: false,
          code: 'bad_request',
        });
      }
      if (response.status === 403) {
        throw new MetadataServiceError('musicbrainz', 'forbidden (is the User-Agent set to SoulSpot/<version> ( contact )?)', {
          status: 403,
          retryable: false,
          code: 'forbidden',
        });
      }
      throw unexpectedStatus('musicbrainz', response.status);
    }
  }
}
