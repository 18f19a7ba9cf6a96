import { createHash } from 'node:crypto';
import { codeChallengeS256, createCodeVerifier, createOAuthState, createPkcePair, stateMatches } from './pkce';

describe('pkce', () => {
  it('matches the RFC 7636 appendix B example', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('creates verifiers of the requested length from the unreserved set only, all different', () => {
    const seen = new Set<string>();
    for (const len of [43, 64, 128]) {
      for (let i = 0; i < 50; i += 1) {
        const v = createCodeVerifier(len);
        expect(v).toMatch(new RegExp(`^[A-Za-z0-9._~-]{${len}}$`));
        seen.add(v);
      }
    }
    expect(seen.size).toBe(150);
    expect(() => createCodeVerifier(42)).toThrow(RangeError);
    expect(() => createCodeVerifier(129)).toThrow(RangeError);
  });

  it('pairs a verifier with its unpadded base64url SHA-256 challenge', () => {
    const pair = createPkcePair();
    const expected = createHash('sha256').update(pair.codeVerifier).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(pair).toEqual({ codeVerifier: pair.codeVerifier, codeChallenge: expected, codeChallengeMethod: 'S256' });
  });

  it('compares state strictly', () => {
    const s = createOAuthState();
    expect(s.length).toBeGreaterThanOrEqual(32);
    expect(stateMatches(s, s)).toBe(true);
    expect(stateMatches(s, `${s}x`)).toBe(false);
    expect(stateMatches(s, null)).toBe(false);
    expect(stateMatches(s, createOAuthState())).toBe(false);
  });
});
