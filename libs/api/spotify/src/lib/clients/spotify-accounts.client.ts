import axios, { type AxiosInstance } from 'axios';
import { SpotifyError, toSpotifyError } from './spotify.errors';
import type { WireTokenResponse } from './spotify.wire';

export const SPOTIFY_DEFAULT_SCOPES = ['playlist-read-private', 'playlist-read-collaborative', 'user-library-read', 'user-follow-read'] as const;

export interface SpotifyAccountsClientOptions {
  /** e.g. https://accounts.spotify.com (no trailing path). */
  accountsBaseUrl: string;
  clientId: string;
  redirectUri: string;
  timeoutMs?: number;
}

export interface SpotifyTokenSet {
  accessToken: string;
  /** Always set: when Spotify omits a new one on refresh, the previous one is kept. */
  refreshToken: string;
  expiresAt: Date;
  scopes: string[];
}

/**
 * Talks to Spotify's accounts service (Authorization Code with PKCE, no client secret).
 * Refresh tokens rotate: callers must persist the returned `refreshToken` every time, because the
 * previous one stops working after one use. `reconnect_required` means the user must authorise again.
 */
export class SpotifyAccountsClient {
  private readonly http: AxiosInstance;

  constructor(private readonly options: SpotifyAccountsClientOptions) {
    this.http = axios.create({ baseURL: options.accountsBaseUrl.replace(/\/+$/, ''), timeout: options.timeoutMs ?? 10_000 });
  }

  buildAuthorizeUrl(params: { state: string; codeChallenge: string; scopes?: readonly string[]; showDialog?: boolean }): string {
    const url = new URL(`${this.options.accountsBaseUrl.replace(/\/+$/, '')}/authorize`);
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('redirect_uri', this.options.redirectUri);
    url.searchParams.set('code_challenge_method', 'S256');
    url.searchParams.set('code_challenge', params.codeChallenge);
    url.searchParams.set('state', params.state);
    url.searchParams.set('scope', (params.scopes ?? SPOTIFY_DEFAULT_SCOPES).join(' '));
    if (params.showDialog) url.searchParams.set('show_dialog', 'true');
    return url.toString();
  }

  exchangeCode(code: string, codeVerifier: string): Promise<SpotifyTokenSet> {
    return this.token({ grant_type: 'authorization_code', code, redirect_uri: this.options.redirectUri, client_id: this.options.clientId, code_verifier: codeVerifier });
  }

  refresh(refreshToken: string): Promise<SpotifyTokenSet> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: this.options.clientId }, refreshToken);
  }

  private async token(form: Record<string, string>, previousRefreshToken?: string): Promise<SpotifyTokenSet> {
    const requestedAt = Date.now();
    let data: WireTokenResponse;
    try {
      // Spotify only accepts form-encoded bodies here; JSON gets `unsupported_grant_type`.
      const res = await this.http.post<WireTokenResponse>('/api/token', new URLSearchParams(form).toString(), {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      data = res.data;
    } catch (err) {
      throw toSpotifyError(err, { accounts: true });
    }
    if (!data || typeof data.access_token !== 'string' || typeof data.expires_in !== 'number') throw new SpotifyError('invalid_response', 'token response without access_token/expires_in');
    const refreshToken = data.refresh_token ?? previousRefreshToken;
    if (!refreshToken) throw new SpotifyError('invalid_response', 'token response without refresh_token');
    return {
      accessToken: data.access_token,
      refreshToken,
      expiresAt: new Date(requestedAt + data.expires_in * 1000),
      scopes: (data.scope ?? '').split(/\s+/).filter(Boolean),
    };
  }
}
