import { AxiosInstance } from 'axios';
import { createHttpClient, DEFAULT_USER_AGENT, send, unexpectedStatus } from './http';
import { MetadataServiceError } from './metadata-service.error';
import { RateGate } from './rate-gate';

export interface CoverArtArchiveClientOptions {
  /** Default https://coverartarchive.org. */
  baseUrl?: string;
  timeoutMs?: number;
  userAgent?: string;
  /** Images above this size are refused (originals can be tens of MB). Default 15 MB. */
  maxBytes?: number;
  /** Optional politeness gate (CAA is run by MetaBrainz too). */
  rateGate?: RateGate;
}

export type CoverArtTarget = { releaseMbid: string } | { releaseGroupMbid: string };
export type CoverArtSize = 250 | 500 | 1200;

export interface CoverArtImage {
  bytes: Buffer;
  mimeType: string;
  /** Where the bytes finally came from, after the redirects. */
  url: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The image type from the bytes themselves (JPEG, PNG, GIF, WebP), null for anything else. */
export function sniffMime(bytes: Buffer): string | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 6 && bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

/**
 * Front covers from the Cover Art Archive. Every CAA URL answers with a 307 to archive.org (which may 302
 * again); axios follows them. A 404 anywhere in the chain means "no cover" and gives null.
 */
export class CoverArtArchiveClient {
  private readonly http: AxiosInstance;
  private readonly baseUrl: string;

  constructor(private readonly options: CoverArtArchiveClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? 'https://coverartarchive.org').replace(/\/+$/, '');
    this.http = createHttpClient({
      baseUrl: this.baseUrl,
      timeoutMs: options.timeoutMs ?? 30_000,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      headers: { Accept: 'image/*' },
      responseType: 'arraybuffer',
    });
  }

  /** A URL a browser can follow itself (for `<img>`), no request made. */
  frontCoverUrl(target: CoverArtTarget, size?: CoverArtSize): string {
    return `${this.baseUrl}${this.path(target, size)}`;
  }

  async getFrontCover(target: CoverArtTarget, size?: CoverArtSize): Promise<CoverArtImage | null> {
    const mbid = 'releaseMbid' in target ? target.releaseMbid : target.releaseGroupMbid;
    if (!UUID.test(mbid)) {
      throw new MetadataServiceError('coverartarchive', `invalid MBID ${JSON.stringify(mbid)}`, { retryable: false, code: 'bad_request' });
    }
    await this.options.rateGate?.acquire();
    const response = await send('coverartarchive', () =>
      this.http.get<ArrayBuffer>(this.path(target, size), { maxContentLength: this.options.maxBytes ?? 15 * 1024 * 1024 }),
    );
    if (response.status === 404) return null;
    if (response.status === 400) {
      throw new MetadataServiceError('coverartarchive', 'bad request', { status: 400, retryable: false, code: 'bad_request' });
    }
    if (response.status !== 200) throw unexpectedStatus('coverartarchive', response.status);
    const bytes = Buffer.from(response.data);
    const header = String(response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const sniffed = sniffMime(bytes);
    if (!sniffed) {
      throw new MetadataServiceError('coverartarchive', `not an image (${header || 'no content-type'}, ${bytes.length} bytes)`, {
        status: 200,
        retryable: true,
        code: 'invalid_response',
      });
    }
    const finalUrl = (response.request as { res?: { responseUrl?: string } } | undefined)?.res?.responseUrl;
    return { bytes, mimeType: header.startsWith('image/') ? header : sniffed, url: finalUrl ?? this.frontCoverUrl(target, size) };
  }

  private path(target: CoverArtTarget, size?: CoverArtSize): string {
    const suffix = size ? `front-${size}` : 'front';
    return 'releaseMbid' in target ? `/release/${target.releaseMbid}/${suffix}` : `/release-group/${target.releaseGroupMbid}/${suffix}`;
  }
}
