import { AxiosError, AxiosHeaders, type AxiosResponse } from 'axios';
import { ExternalServiceError } from '@soulspot/api/core';
import { msUntilNextUtcDay, SpotifyError, toSpotifyError } from './spotify.errors';

function httpError(status: number, data: unknown, headers: Record<string, string> = {}): AxiosError {
  const response = { status, statusText: '', data, headers: new AxiosHeaders(headers), config: { headers: new AxiosHeaders() } } as AxiosResponse;
  return new AxiosError(`HTTP ${status}`, 'ERR_BAD_RESPONSE', undefined, undefined, response);
}

describe('toSpotifyError', () => {
  it('is an ExternalServiceError for the job layer', () => {
    const err = toSpotifyError(httpError(500, ''));
    expect(err).toBeInstanceOf(ExternalServiceError);
    expect(err).toBeInstanceOf(SpotifyError);
    expect(err.service).toBe('spotify');
  });

  it('keeps the plain-text 403 a user gets when not added to the Developer Dashboard', () => {
    const err = toSpotifyError(httpError(403, 'User not registered in the Developer Dashboard'), { playlistId: 'abc' });
    expect(err.code).toBe('forbidden');
    expect(err.message).toContain('User not registered in the Developer Dashboard');
    expect(err.message).not.toContain('CSV');
  });

  it('reads Retry-After as an HTTP date too', () => {
    const now = Date.UTC(2026, 10, 23, 1, 0, 0);
    const err = toSpotifyError(httpError(429, 'Too many requests', { 'retry-after': new Date(now + 90_000).toUTCString() }), { now });
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterMs: 90_000 });
  });

  it('parses a QUOTA_EXCEEDED body sent as text', () => {
    const now = Date.UTC(2026, 10, 23, 22, 30, 0);
    const err = toSpotifyError(httpError(429, '{"error":{"status":429,"message":"Too many requests","reason":"QUOTA_EXCEEDED"}}'), { now });
    expect(err).toMatchObject({ code: 'quota_exceeded', retryAfterMs: 90 * 60_000 });
  });

  it('maps OAuth errors only for the accounts service', () => {
    const body = { error: 'invalid_grant', error_description: 'Refresh token revoked' };
    expect(toSpotifyError(httpError(400, body), { accounts: true }).code).toBe('reconnect_required');
    expect(toSpotifyError(httpError(400, body)).code).toBe('bad_request');
  });
});

describe('msUntilNextUtcDay', () => {
  it('counts to the next 00:00 UTC', () => {
    expect(msUntilNextUtcDay(Date.UTC(2026, 11, 31, 23, 59, 0))).toBe(60_000);
    expect(msUntilNextUtcDay(Date.UTC(2026, 0, 1, 0, 0, 0))).toBe(24 * 3600_000);
  });
});
