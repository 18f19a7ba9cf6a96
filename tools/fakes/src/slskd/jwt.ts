import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Minimal HS256 JWTs like slskd's: random signing key per start, so a restart invalidates every token. */

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

export class JwtIssuer {
  private key = randomBytes(32);

  rotate(): void {
    this.key = randomBytes(32);
  }

  issue(name: string, ttlMs: number): { token: string; issued: number; expires: number } {
    const issued = Math.floor(Date.now() / 1000);
    const expires = issued + Math.floor(ttlMs / 1000);
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(
      JSON.stringify({ name, role: 'Administrator', iss: 'slskd', nbf: issued, exp: expires, iat: issued }),
    );
    const signature = this.sign(`${header}.${payload}`);
    return { token: `${header}.${payload}.${signature}`, issued, expires };
  }

  /** Returns an error description for WWW-Authenticate, or undefined when the token is valid. */
  verify(token: string): string | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return 'The token is malformed';
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const actual = Buffer.from(parts[2]);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      return 'The signature key was not found';
    }
    try {
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { exp?: number };
      // slskd validates with 5 minutes of clock skew.
      if (typeof claims.exp !== 'number' || claims.exp + 300 < Date.now() / 1000) return 'The token expired';
    } catch {
      return 'The token is malformed';
    }
    return undefined;
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}
