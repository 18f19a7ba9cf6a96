import { AxiosInstance } from 'axios';
import { createHttpClient, DEFAULT_USER_AGENT, send, unexpectedStatus } from './http';
import { MetadataServiceError } from './metadata-service.error';

export interface LrclibClientOptions {
  /** Default https://lrclib.net (the client appends /api/...). */
  baseUrl?: string;
  timeoutMs?: number;
  userAgent?: string;
  /** Only look in LRCLIB's own database (`/api/get-cached`): fast, no external fetches on a miss. */
  cachedOnly?: boolean;
}

export interface LyricsQuery {
  artist: string;
  title: string;
  album?: string;
  /** Seconds; LRCLIB accepts a record within ±2 s. */
  durationSec?: number;
}

export interface Lyrics {
  lrclibId: number;
  /** LRC text (`[mm:ss.xx] line`), or null. */
  synced: string | null;
  plain: string | null;
  instrumental: boolean;
  durationSec: number | null;
}

interface LrclibWireRecord {
  id: number;
  duration?: number | null;
  instrumental?: boolean;
  plainLyrics?: string | null;
  syncedLyrics?: string | null;
}

/** LRCLIB `/api/get`: one record or null. */
export class LrclibClient {
  private readonly http: AxiosInstance;

  constructor(private readonly options: LrclibClientOptions = {}) {
    const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.http = createHttpClient({
      baseUrl: (options.baseUrl ?? 'https://lrclib.net').replace(/\/+$/, ''),
      // /api/get may fetch from external sources on a miss, so it can be slow.
      timeoutMs: options.timeoutMs ?? 20_000,
      userAgent,
      headers: { 'Lrclib-Client': userAgent },
    });
  }

  async getLyrics(query: LyricsQuery): Promise<Lyrics | null> {
    if (!query.artist.trim() || !query.title.trim()) return null;
    const params: Record<string, string> = { artist_name: query.artist, track_name: query.title };
    if (query.album) params['album_name'] = query.album;
    // Outside LRCLIB's accepted range the parameter would make the whole request a 400; drop it instead.
    if (query.durationSec !== undefined && query.durationSec >= 1 && query.durationSec <= 3600) {
      params['duration'] = String(Math.round(query.durationSec));
    }
    const path = this.options.cachedOnly ? '/api/get-cached' : '/api/get';
    const response = await send('lrclib', () => this.http.get<LrclibWireRecord>(path, { params }));
    // Key on the status only: the docs and the server disagree about the error body.
    if (response.status === 404) return null;
    if (response.status === 400) {
      throw new MetadataServiceError('lrclib', 'invalid lyrics query', { status: 400, retryable: false, code: 'bad_request' });
    }
    if (response.status !== 200) throw unexpectedStatus('lrclib', response.status);
    const record = response.data;
    if (typeof record?.id !== 'number') {
      throw new MetadataServiceError('lrclib', 'unexpected response body', { status: 200, retryable: true, code: 'invalid_response' });
    }
    const instrumental = record.instrumental === true;
    return {
      lrclibId: record.id,
      synced: instrumental ? null : (record.syncedLyrics ?? null) || null,
      plain: instrumental ? null : (record.plainLyrics ?? null) || null,
      instrumental,
      durationSec: record.duration ?? null,
    };
  }
}
