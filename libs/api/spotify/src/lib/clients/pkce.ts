import { createHash, randomBytes } from 'node:crypto';

/**
 * Authorization Code with PKCE (RFC 7636) as Spotify requires it for apps without a client secret:
 * the verifier stays on the server, only its S256 challenge goes to /authorize.
 */
export interface PkcePair {
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

const VERIFIER_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

/** 43–128 characters from the unreserved set; rejection sampling keeps the distribution uniform. */
export function createCodeVerifier(length = 64): string {
  if (!Number.isInteger(length) || length < 43 || length > 128) throw new RangeError('PKCE code_verifier length must be 43..128');
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      // 66 chars: reject bytes >= 264 - 264 % 66 (= 198 below 256) to avoid modulo bias.
      if (byte < 198 && out.length < length) out += VERIFIER_CHARS[byte % VERIFIER_CHARS.length];
    }
  }
  return out;
}

export function codeChallengeS256(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

export function createPkcePair(length = 64): PkcePair {
  const codeVerifier = createCodeVerifier(length);
  return { codeVerifier, codeChallenge: codeChallengeS256(codeVerifier), codeChallengeMethod: 'S256' };
}

/** CSRF token for the `state` parameter; compare with `stateMatches` on the callback. */
export function createOAuthState(): string {
  return randomBytes(24).toString('base64url');
}

export function stateMatches(expected: string, received: string | undefined | null): boolean {
  if (!received || received.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i += 1) diff |= expected.charCodeAt(i) ^ received.charCodeAt(i);
  return diff === 0;
}
