/**
 * Thrown by `clients/` when an external service (Spotify, slskd, MusicBrainz, ...) fails.
 * Job processors use `retryable`/`retryAfterMs` to decide between a retry (with BullMQ rate limiting
 * for Retry-After) and a permanent failure; the HTTP filter maps it to 502/503/504 for API callers.
 */
export class ExternalServiceError extends Error {
  constructor(
    readonly service: string,
    message: string,
    readonly options: {
      /** HTTP status from the service, if it answered. */
      status?: number;
      /** How long the service asked us to wait (Retry-After, quota resets), in ms. */
      retryAfterMs?: number;
      /** False for errors that repeating cannot fix (401 with a bad key, 404, validation errors). */
      retryable?: boolean;
      /** A stable machine-readable code, e.g. 'unauthorized', 'rate_limited', 'unreachable'. */
      code?: string;
      cause?: unknown;
    } = {},
  ) {
    super(`${service}: ${message}`, { cause: options.cause });
    this.name = new.target.name;
  }

  get status(): number | undefined {
    return this.options.status;
  }

  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }

  get retryable(): boolean {
    return this.options.retryable ?? true;
  }

  get code(): string {
    return this.options.code ?? 'external_error';
  }
}

/** Parses a Retry-After header (delta-seconds or HTTP date) into milliseconds; undefined if absent/invalid. */
export function parseRetryAfter(value: string | string[] | undefined | null, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw == null || raw === '') return undefined;
  const trimmed = String(raw).trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
