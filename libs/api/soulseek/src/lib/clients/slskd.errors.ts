import { ExternalServiceError } from '@soulspot/api/core';

/**
 * Machine-readable failure kinds. `user_offline` and `search_not_finished` are slskd specifics the
 * download engine branches on (next candidate / keep polling) rather than generic HTTP classes.
 */
export type SlskdErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'not_found'
  | 'bad_request'
  | 'conflict'
  | 'user_offline'
  | 'search_not_finished'
  | 'unreachable'
  | 'timeout'
  | 'server_error'
  | 'invalid_response';

const NOT_RETRYABLE: ReadonlySet<SlskdErrorCode> = new Set([
  'unauthorized',
  'forbidden',
  'not_found',
  'bad_request',
  'user_offline',
  'invalid_response',
]);

export class SlskdError extends ExternalServiceError {
  constructor(
    readonly slskdCode: SlskdErrorCode,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super('slskd', message, {
      ...options,
      code: slskdCode,
      retryable: !NOT_RETRYABLE.has(slskdCode),
    });
  }

  override get code(): SlskdErrorCode {
    return this.slskdCode;
  }
}

export function isSlskdError(error: unknown, code?: SlskdErrorCode): error is SlskdError {
  return error instanceof SlskdError && (code === undefined || error.code === code);
}
