import { AxiosInstance } from 'axios';
import { createHttpClient, DEFAULT_USER_AGENT, send, unexpectedStatus } from './http';
import { CoverArtImage, sniffMime } from './cover-art-archive.client';
import { MetadataServiceError } from './metadata-service.error';
import { RateGate } from './rate-gate';

export interface DeezerClientOptions {
  /** Default https://api.deezer.com */
  baseUrl?: string;
  timeoutMs?: number;
  userAgent?: string;
  /** Deezer allows 50 requests / 5 s per IP; pass a gate at ~120 ms spacing to stay under it. */
  rateGate?: RateGate;
}

export interface DeezerTrack {
  deezerId: number;
  title: string;
  artist: string;
  album: string;
  albumDeezerId: number | null;
  durationMs: number;
  trackPosition: number | null;
  discNumber: number | null;
  isrc: string | null;
  /** The edition's date, not necessarily the original release. */
  releaseDate: string | null;
  /** Largest cover; stable CDN URL (unlike `preview`, which expires and is not returned). */
  coverUrl: string | null;
}

interface DeezerWireTrack {
  id?: number;
  title?: string;
  isrc?: string;
  duration?: number;
  track_position?: number;
  disk_number?: number;
  release_date?: string;
  artist?: { name?: string };
  album?: { id?: number; title?: string; cover_xl?: string; cover_big?: string; release_date?: string };
  error?: { type?: string; message?: string; code?: number };
}

/** Deezer's public API as a fallback source. Errors come back with HTTP 200 and an `error` object. */
export class DeezerClient {
  private readonly http: AxiosInstance;

  constructor(private readonly options: DeezerClientOptions = {}) {
    this.http = createHttpClient({
      baseUrl: (options.baseUrl ?? 'https://api.deezer.com').replace(/\/+$/, ''),
      timeoutMs: options.timeoutMs ?? 10_000,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    });
  }

  /**
   * The album cover behind a track's `coverUrl` (Deezer's image CDN): null when it is gone (404) or not an
   * http(s) URL; only real JPEG/PNG/GIF/WebP bytes count, at most `maxBytes` (default 15 MB).
   */
  async getCoverImage(url: string, maxBytes = 15 * 1024 * 1024): Promise<CoverArtImage | null> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    const response = await send('deezer', () => this.http.get<ArrayBuffer>(parsed.toString(), { responseType: 'arraybuffer', maxContentLength: maxBytes, headers: { Accept: 'image/*' } }));
    if (response.status === 404) return null;
    if (response.status !== 200) throw unexpectedStatus('deezer', response.status);
    const bytes = Buffer.from(response.data);
    const mimeType = sniffMime(bytes);
    if (!mimeType) throw new MetadataServiceError('deezer', `cover is not an image (${bytes.length} bytes)`, { status: 200, retryable: false, code: 'invalid_response' });
    return { bytes, mimeType, url: parsed.toString() };
  }

  /** The track for an ISRC, or null when Deezer has none. */
  async getTrackByIsrc(isrc: string): Promise<DeezerTrack | null> {
    const normalized = isrc.replace(/[\s-]/g, '').toUpperCase();
    if (!/^[A-Z0-9]{12}$/.test(normalized)) return null;
    await this.options.rateGate?.acquire();
    const response = await send('deezer', () => this.http.get<DeezerWireTrack>(`/track/isrc:${normalized}`));
    const body = response.data;
    if (body && typeof body === 'object' && body.error) {
      const code = body.error.code;
      if (code === 800) return null;
      const message = `${body.error.type ?? 'Exception'} ${code ?? '?'}: ${body.error.message ?? ''}`.trim();
      if (code === 4) {
        throw new MetadataServiceError('deezer', message, { status: response.status, retryable: true, code: 'rate_limited', serviceCode: code, retryAfterMs: 2_000 });
      }
      if (code === 700) {
        throw new MetadataServiceError('deezer', message, { status: response.status, retryable: true, code: 'unavailable', serviceCode: code, retryAfterMs: 2_000 });
      }
      throw new MetadataServiceError('deezer', message, { status: response.status, retryable: false, code: 'bad_request', serviceCode: code });
    }
    if (response.status !== 200) throw unexpectedStatus('deezer', response.status);
    if (typeof body?.id !== 'number') {
      throw new MetadataServiceError('deezer', 'unexpected response body', { status: 200, retryable: true, code: 'invalid_response' });
    }
    return {
      deezerId: body.id,
      title: body.title ?? '',
      artist: body.artist?.name ?? '',
      album: body.album?.title ?? '',
      albumDeezerId: body.album?.id ?? null,
      durationMs: Math.round((body.duration ?? 0) * 1000),
      trackPosition: body.track_position ?? null,
      discNumber: body.disk_number ?? null,
      isrc: body.isrc ? body.isrc.toUpperCase() : null,
      releaseDate: body.release_date || body.album?.release_date || null,
      coverUrl: body.album?.cover_xl || body.album?.cover_big || null,
    };
  }
}
