import { Logger } from '@nestjs/common';
import { AxiosInstance } from 'axios';
import { createHttpClient, DEFAULT_USER_AGENT, send, unexpectedStatus } from './http';
import { MetadataServiceError } from './metadata-service.error';

export interface LastfmClientOptions {
  /** Without a key the client is disabled and every call returns []. */
  apiKey?: string | null;
  /** Default https://ws.audioscrobbler.com/2.0/ */
  baseUrl?: string;
  timeoutMs?: number;
  userAgent?: string;
}

export interface LastfmTag {
  /** Lower-cased tag name. */
  name: string;
  /** Weight 0–100 relative to the top tag. */
  count: number;
}

interface LastfmWireTag {
  name?: string;
  count?: number | string;
}

interface LastfmWireTopTags {
  toptags?: { tag?: LastfmWireTag | LastfmWireTag[] };
  error?: number | string;
  message?: string;
}

/** Last.fm error codes → whether repeating can help and our stable code. 6 and 7 mean "not found" (→ []). */
const ERRORS: Record<number, { code: string; retryable: boolean }> = {
  2: { code: 'bad_request', retryable: false },
  3: { code: 'bad_request', retryable: false },
  4: { code: 'auth_failed', retryable: false },
  5: { code: 'bad_request', retryable: false },
  8: { code: 'unavailable', retryable: true },
  9: { code: 'auth_failed', retryable: false },
  10: { code: 'invalid_api_key', retryable: false },
  11: { code: 'unavailable', retryable: true },
  13: { code: 'auth_failed', retryable: false },
  16: { code: 'unavailable', retryable: true },
  26: { code: 'suspended_api_key', retryable: false },
  29: { code: 'rate_limited', retryable: true },
};
const NOT_FOUND_CODES = new Set([6, 7]);

/**
 * Last.fm tags as genre hints. Last.fm reports errors inside the body, with HTTP 200 or with a 4xx/5xx, so the
 * body's `error` is checked before the status.
 */
export class LastfmClient {
  private readonly logger = new Logger(LastfmClient.name);
  private readonly http: AxiosInstance;
  private readonly apiKey: string | null;

  constructor(options: LastfmClientOptions = {}) {
    this.apiKey = options.apiKey?.trim() || null;
    this.http = createHttpClient({
      baseUrl: options.baseUrl ?? 'https://ws.audioscrobbler.com/2.0/',
      timeoutMs: options.timeoutMs ?? 10_000,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    });
  }

  get enabled(): boolean {
    return this.apiKey !== null;
  }

  /** Tags of one track; [] for unknown tracks/artists or when disabled. */
  getTrackTopTags(target: { artist: string; track: string } | { mbid: string }): Promise<LastfmTag[]> {
    const params: Record<string, string> =
      'mbid' in target ? { mbid: target.mbid } : { artist: target.artist, track: target.track, autocorrect: '1' };
    return this.topTags('track.getTopTags', params);
  }

  getArtistTopTags(target: { artist: string } | { mbid: string }): Promise<LastfmTag[]> {
    const params: Record<string, string> = 'mbid' in target ? { mbid: target.mbid } : { artist: target.artist, autocorrect: '1' };
    return this.topTags('artist.getTopTags', params);
  }

  private async topTags(method: string, params: Record<string, string>): Promise<LastfmTag[]> {
    if (!this.apiKey) return [];
    const response = await send('lastfm', () =>
      this.http.get<LastfmWireTopTags>('', { params: { method, ...params, api_key: this.apiKey, format: 'json' } }),
    );
    const body = response.data;
    if (body && typeof body === 'object' && body.error !== undefined) {
      const code = Number(body.error);
      if (NOT_FOUND_CODES.has(code)) return [];
      const known = ERRORS[code] ?? { code: 'unavailable', retryable: true };
      if (known.code === 'invalid_api_key' || known.code === 'suspended_api_key') {
        this.logger.error(`Last.fm rejected the API key (error ${code}: ${body.message ?? ''})`);
      }
      throw new MetadataServiceError('lastfm', `error ${code}: ${body.message ?? 'no message'}`, {
        status: response.status,
        retryable: known.retryable,
        code: known.code,
        serviceCode: code,
        // Last.fm sends no Retry-After; its guidance is a few requests per second, so a short pause is enough.
        retryAfterMs: known.code === 'rate_limited' ? 5_000 : undefined,
      });
    }
    if (response.status !== 200) throw unexpectedStatus('lastfm', response.status);
    const raw = body?.toptags?.tag;
    // XML→JSON conversion: a single tag arrives as an object instead of an array.
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    return list
      .filter((t): t is LastfmWireTag & { name: string } => typeof t.name === 'string' && t.name.trim() !== '')
      .map((t) => ({ name: t.name.trim().toLowerCase(), count: Number(t.count ?? 0) || 0 }))
      .sort((a, b) => b.count - a.count);
  }
}
