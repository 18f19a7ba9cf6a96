import { ExternalServiceError, parseRetryAfter } from '@soulspot/api/core';
import { isAxiosError } from 'axios';

export type SpotifyErrorCode =
  | 'unauthorized'
  | 'reconnect_required'
  | 'invalid_client'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'server_error'
  | 'unreachable'
  | 'invalid_response';

/** Used when a 429 comes without Retry-After (it happens); retrying early lengthens Spotify's penalty. */
export const DEFAULT_RATE_LIMIT_BACKOFF_MS = 5_000;

const RETRYABLE: Record<SpotifyErrorCode, boolean> = {
  unauthorized: true, // a refreshed access token fixes it
  reconnect_required: false,
  invalid_client: false,
  forbidden: false,
  not_found: false,
  bad_request: false,
  rate_limited: true,
  quota_exceeded: true,
  server_error: true,
  unreachable: true,
  invalid_response: true,
};

export class SpotifyError extends ExternalServiceError {
  constructor(
    readonly spotifyCode: SpotifyErrorCode,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super('spotify', message, { ...options, code: spotifyCode, retryable: RETRYABLE[spotifyCode] });
  }

  override get code(): SpotifyErrorCode {
    return this.spotifyCode;
  }
}

/** Milliseconds until the next 00:00 UTC, when Spotify's daily quota is assumed to reset. */
export function msUntilNextUtcDay(now = Date.now()): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) - now;
}

export interface SpotifyErrorContext {
  /** Set when the request was about a playlist's contents: a 403 then means "not yours". */
  playlistId?: string;
  /** Token endpoint errors use the OAuth shape instead of the Web-API envelope. */
  accounts?: boolean;
  now?: number;
}

function bodyOf(data: unknown): { message?: string; reason?: string; oauthError?: string; oauthDescription?: string; text?: string } {
  if (typeof data === 'string') {
    const text = data.trim();
    try {
      return bodyOf(JSON.parse(text) as unknown);
    } catch {
      return { text: text.slice(0, 200) };
    }
  }
  if (data && typeof data === 'object') {
    const obj = data as Record<string, unknown>;
    const err = obj['error'];
    if (err && typeof err === 'object') {
      const e = err as Record<string, unknown>;
      return { message: typeof e['message'] === 'string' ? e['message'] : undefined, reason: typeof e['reason'] === 'string' ? e['reason'] : undefined };
    }
    if (typeof err === 'string') return { oauthError: err, oauthDescription: typeof obj['error_description'] === 'string' ? obj['error_description'] : undefined };
  }
  return {};
}

/** Turns anything axios threw into a typed SpotifyError (already-typed errors pass through). */
export function toSpotifyError(err: unknown, ctx: SpotifyErrorContext = {}): SpotifyError {
  if (err instanceof SpotifyError) return err;
  if (!isAxiosError(err)) return new SpotifyError('invalid_response', err instanceof Error ? err.message : String(err), { cause: err });
  const res = err.response;
  if (!res) {
    const what = err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT' ? 'timed out' : `unreachable (${err.code ?? err.message})`;
    return new SpotifyError('unreachable', `request ${what}`, { cause: err });
  }
  const status = res.status;
  const body = bodyOf(res.data);
  const detail = body.message ?? body.oauthDescription ?? body.text ?? `HTTP ${status}`;
  const base = { status, cause: err };

  if (ctx.accounts && body.oauthError) {
    if (body.oauthError === 'invalid_grant') return new SpotifyError('reconnect_required', `reconnect required: Spotify rejected the grant (${detail}); connect the account again`, base);
    if (body.oauthError === 'invalid_client') return new SpotifyError('invalid_client', `invalid client id (${detail}); check the Spotify app settings`, base);
    if (status < 500) return new SpotifyError('bad_request', `token request rejected: ${body.oauthError} (${detail})`, base);
  }
  if (status === 401) return new SpotifyError('unauthorized', `unauthorized: ${detail}`, base);
  if (status === 403) {
    if (ctx.playlistId && /^forbidden$/i.test(detail)) {
      return new SpotifyError(
        'forbidden',
        `playlist ${ctx.playlistId} is not owned by or shared with you — Spotify only lets apps read your own and collaborative playlists; export it as CSV (e.g. with Exportify) and import the file instead`,
        base,
      );
    }
    return new SpotifyError('forbidden', `forbidden: ${detail}`, base);
  }
  if (status === 404) return new SpotifyError('not_found', `not found: ${detail}`, base);
  if (status === 429) {
    const headerMs = parseRetryAfter(res.headers['retry-after'] as string | undefined, ctx.now);
    if (body.reason === 'QUOTA_EXCEEDED') {
      const untilReset = msUntilNextUtcDay(ctx.now);
      return new SpotifyError('quota_exceeded', 'daily request quota exceeded; pausing Spotify requests until the quota resets', { ...base, retryAfterMs: Math.max(headerMs ?? 0, untilReset) });
    }
    const retryAfterMs = headerMs ?? DEFAULT_RATE_LIMIT_BACKOFF_MS;
    return new SpotifyError('rate_limited', `rate limited; retry after ${Math.ceil(retryAfterMs / 1000)} s`, { ...base, retryAfterMs });
  }
  if (status >= 500) return new SpotifyError('server_error', `server error: ${detail}`, base);
  return new SpotifyError('bad_request', `bad request: ${detail}`, base);
}
