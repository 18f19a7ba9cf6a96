import { type FakeSpotify, startFakeSpotify } from '@soulspot/fakes';
import { createOAuthState, createPkcePair, stateMatches } from './pkce';
import { SpotifyAccountsClient } from './spotify-accounts.client';
import { SpotifyClient } from './spotify.client';
import { SpotifyError } from './spotify.errors';

const REDIRECT = 'http://127.0.0.1:43123/auth/spotify/callback';

async function expectSpotifyError(p: Promise<unknown>, code: string): Promise<SpotifyError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SpotifyError);
  expect((err as SpotifyError).code).toBe(code);
  return err as SpotifyError;
}

describe('SpotifyAccountsClient against the fake accounts service (PKCE)', () => {
  let fake: FakeSpotify;
  let accounts: SpotifyAccountsClient;

  beforeAll(async () => {
    // Accounts on their own port, like accounts.spotify.com vs api.spotify.com; the allow-list holds another loopback port.
    fake = await startFakeSpotify({ separateAccountsPort: true, redirectUris: ['http://127.0.0.1:8888/auth/spotify/callback'] });
    accounts = new SpotifyAccountsClient({ accountsBaseUrl: fake.accountsUrl, clientId: fake.clientId, redirectUri: REDIRECT, timeoutMs: 5000 });
  });
  afterAll(() => fake.close());

  /** Goes through /authorize like a browser and returns the callback query. */
  async function authorize(challenge: string, state: string): Promise<URLSearchParams> {
    const res = await fetch(accounts.buildAuthorizeUrl({ state, codeChallenge: challenge }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    return location.searchParams;
  }

  it('completes authorize → callback → code exchange, and the access token works on the Web API', async () => {
    const pkce = createPkcePair();
    const state = createOAuthState();
    const callback = await authorize(pkce.codeChallenge, state);
    expect(stateMatches(state, callback.get('state'))).toBe(true);
    const tokens = await accounts.exchangeCode(callback.get('code') ?? '', pkce.codeVerifier);
    expect(tokens.scopes).toEqual(expect.arrayContaining(['playlist-read-private', 'user-library-read', 'user-follow-read']));
    expect(tokens.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const client = new SpotifyClient({ apiBaseUrl: fake.apiUrl, getAccessToken: async () => tokens.accessToken });
    await expect(client.getMe()).resolves.toMatchObject({ id: fake.library.me.id, accountId: fake.library.me.accountId });
  });

  it('rejects a wrong code_verifier and a reused code with reconnect_required', async () => {
    const pkce = createPkcePair();
    const code = (await authorize(pkce.codeChallenge, 's1')).get('code') ?? '';
    const err = await expectSpotifyError(accounts.exchangeCode(code, createPkcePair().codeVerifier), 'reconnect_required');
    expect(err.message).toContain('code_verifier was incorrect');
    expect(err.retryable).toBe(false);
    // The code was consumed by the failed attempt, as Spotify does.
    await expectSpotifyError(accounts.exchangeCode(code, pkce.codeVerifier), 'reconnect_required');
  });

  it('rotates refresh tokens: the new one works once, the old one is invalid_grant → reconnect required', async () => {
    const pkce = createPkcePair();
    const code = (await authorize(pkce.codeChallenge, 's2')).get('code') ?? '';
    const first = await accounts.exchangeCode(code, pkce.codeVerifier);
    const second = await accounts.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    const reuse = await expectSpotifyError(accounts.refresh(first.refreshToken), 'reconnect_required');
    expect(reuse.message).toMatch(/reconnect required/);
    const third = await accounts.refresh(second.refreshToken);
    expect(third.refreshToken).not.toBe(second.refreshToken);
  });

  it('turns a revoked grant into reconnect_required and a 401 on the API', async () => {
    const tokens = fake.control.issueTokens();
    fake.control.revokeGrants();
    await expectSpotifyError(accounts.refresh(tokens.refresh_token), 'reconnect_required');
    const client = new SpotifyClient({ apiBaseUrl: fake.apiUrl, getAccessToken: async () => tokens.access_token });
    await expectSpotifyError(client.getMe(), 'unauthorized');
  });

  it('reports a wrong client id as invalid_client and a denied consent as access_denied on the callback', async () => {
    const wrong = new SpotifyAccountsClient({ accountsBaseUrl: fake.accountsUrl, clientId: 'nope', redirectUri: REDIRECT });
    await expectSpotifyError(wrong.refresh('whatever'), 'invalid_client');
    fake.control.setAuthorizeDecision('deny');
    try {
      const callback = await authorize(createPkcePair().codeChallenge, 's3');
      expect(callback.get('error')).toBe('access_denied');
      expect(callback.get('code')).toBeNull();
    } finally {
      fake.control.setAuthorizeDecision('approve');
    }
  });

  it('surfaces an unreachable accounts service as a retryable unreachable error', async () => {
    const down = new SpotifyAccountsClient({ accountsBaseUrl: 'http://127.0.0.1:9', clientId: 'x', redirectUri: REDIRECT, timeoutMs: 2000 });
    const err = await expectSpotifyError(down.refresh('x'), 'unreachable');
    expect(err.retryable).toBe(true);
  });
});
