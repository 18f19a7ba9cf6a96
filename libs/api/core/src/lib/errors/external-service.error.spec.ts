import { ExternalServiceError, parseRetryAfter } from './external-service.error';

describe('parseRetryAfter', () => {
  it('reads delta seconds, including hours-long waits', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('7200')).toBe(7_200_000);
  });
  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
  });
  it('returns undefined for missing or junk values', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('ExternalServiceError', () => {
  it('carries service, status and retry hints', () => {
    const err = new ExternalServiceError('slskd', 'too many requests', { status: 429, retryAfterMs: 2000, code: 'rate_limited' });
    expect(err.message).toBe('slskd: too many requests');
    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBe(2000);
    expect(err.retryable).toBe(true);
    expect(err.code).toBe('rate_limited');
    expect(err).toBeInstanceOf(Error);
  });
  it('can be permanent', () => {
    expect(new ExternalServiceError('spotify', 'bad key', { status: 401, retryable: false }).retryable).toBe(false);
  });
});
