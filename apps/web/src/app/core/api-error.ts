import { HttpErrorResponse } from '@angular/common/http';
import type { ApiErrorBody } from '@soulspot/shared/contracts';

/**
 * What every failed API call rejects with once it has passed the interceptor: a message a person can
 * act on, plus the server's field errors so forms can show them next to the inputs.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: readonly string[] = [],
    readonly correlationId: string | null = null,
    readonly retryAfterSeconds: number | null = null,
    /** The raw response body; some endpoints (readiness) send useful data with an error status. */
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const UNREACHABLE_MESSAGE =
  'The SoulSpot server is unreachable. Check that it is running and that this device is online.';

export function isApiErrorBody(body: unknown): body is ApiErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Partial<ApiErrorBody>).message === 'string' &&
    typeof (body as Partial<ApiErrorBody>).statusCode === 'number'
  );
}

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export function toApiError(response: HttpErrorResponse): ApiError {
  const body: unknown = response.error;
  const parsed = isApiErrorBody(body) ? body : null;
  const fieldErrors = parsed?.errors ?? [];
  const correlationId = parsed?.correlationId ?? null;

  if (response.status === 0) {
    return new ApiError(0, UNREACHABLE_MESSAGE, [], null, null, body);
  }
  if (response.status === 429) {
    const wait = retryAfterSeconds(response.headers.get('Retry-After'));
    const message =
      wait === null
        ? 'Too many attempts. Wait a moment and try again.'
        : `Too many attempts. Try again in ${describeWait(wait)}.`;
    return new ApiError(429, message, fieldErrors, correlationId, wait, body);
  }
  if (parsed) {
    return new ApiError(response.status, parsed.message, fieldErrors, correlationId, null, body);
  }
  if (response.status === 401) {
    return new ApiError(401, 'Your session has ended. Please sign in again.', [], null, null, body);
  }
  if (response.status >= 500) {
    return new ApiError(
      response.status,
      `The server had a problem (HTTP ${response.status}). Try again in a moment.`,
      [],
      null,
      null,
      body,
    );
  }
  return new ApiError(
    response.status,
    `The request failed (HTTP ${response.status}).`,
    [],
    null,
    null,
    body,
  );
}

/** For code that catches `unknown` (rxjs error callbacks). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
