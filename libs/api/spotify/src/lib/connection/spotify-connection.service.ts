import { BadRequestException, ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { SpotifyConnection } from '@soulspot/shared/contracts';
import { APP_CONFIG, AppConfig, EventBus, REDIS, SecretBox } from '@soulspot/api/core';
import { SPOTIFY_DEFAULT_SCOPES, SpotifyAccountsClient, type SpotifyTokenSet } from '../clients/spotify-accounts.client';
import { SpotifyClient } from '../clients/spotify.client';
import { SpotifyError } from '../clients/spotify.errors';
import { createOAuthState, createPkcePair } from '../clients/pkce';
import type { SpotifyTokenEntity } from '../entities/spotify-token.entity';
import { SpotifySettingsService, type SpotifySettings } from './spotify-settings.service';
import { SpotifyTokenRepository } from './spotify-token.repository';

/** Authorisation requests older than this are refused on the callback. */
const STATE_TTL_SECONDS = 600;
/** Refresh this long before expiry so a request never starts with a token about to die. */
const REFRESH_MARGIN_MS = 60_000;

export class SpotifyNotConnectedError extends ConflictException {}

/**
 * Connect/disconnect (Authorization Code with PKCE; state and verifier kept in Redis with a TTL) and
 * the token provider every Spotify call goes through.
 */
@Injectable()
export class SpotifyConnectionService {
  private readonly logger = new Logger(SpotifyConnectionService.name);

  constructor(
    private readonly settings: SpotifySettingsService,
    private readonly tokens: SpotifyTokenRepository,
    private readonly box: SecretBox,
    private readonly events: EventBus,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  redirectUri(): string {
    return `${this.config.publicUrl.replace(/\/+$/, '')}/api/spotify/callback`;
  }

  async connection(): Promise<SpotifyConnection> {
    const [s, row] = await Promise.all([this.settings.get(), this.tokens.current()]);
    return {
      configured: !!s.clientId,
      clientId: s.clientId,
      redirectUri: this.redirectUri(),
      connected: row?.status === 'connected',
      account: row ? { id: row.spotifyUserId, displayName: row.displayName } : null,
      status: row ? row.status : 'not_connected',
      scopes: row?.scopes ?? [],
      pausedUntil: row?.pausedUntil && row.pausedUntil.getTime() > Date.now() ? row.pausedUntil.toISOString() : null,
    };
  }

  async updateSettings(patch: Partial<SpotifySettings>): Promise<SpotifyConnection> {
    await this.settings.update(patch);
    return this.connection();
  }

  async startConnect(): Promise<{ authorizeUrl: string }> {
    const s = await this.settings.get();
    if (!s.clientId) throw new BadRequestException('Save the client id of your Spotify app first');
    const pkce = createPkcePair();
    const state = createOAuthState();
    await this.redis.set(this.stateKey(state), pkce.codeVerifier, 'EX', STATE_TTL_SECONDS);
    return { authorizeUrl: this.accounts(s).buildAuthorizeUrl({ state, codeChallenge: pkce.codeChallenge, scopes: SPOTIFY_DEFAULT_SCOPES }) };
  }

  /** Returns the path the browser goes back to, with the outcome in the query. */
  async finishConnect(query: { code?: string; state?: string; error?: string }): Promise<string> {
    const back = (params: Record<string, string>) => `/settings?${new URLSearchParams(params).toString()}`;
    // One use only: a replayed callback finds no verifier.
    const verifier = query.state ? await this.redis.getdel(this.stateKey(query.state)) : null;
    if (!verifier) return back({ spotify: 'error', reason: 'The authorisation request expired or was not started here; click Connect again.' });
    if (query.error) return back({ spotify: 'error', reason: query.error === 'access_denied' ? 'You declined the authorisation on Spotify.' : `Spotify answered: ${query.error}` });
    if (!query.code) return back({ spotify: 'error', reason: 'Spotify sent no authorisation code.' });
    try {
      const s = await this.settings.get();
      const set = await this.accounts(s).exchangeCode(query.code, verifier);
      const me = await new SpotifyClient({ apiBaseUrl: s.apiBaseUrl, getAccessToken: async () => set.accessToken }).getMe();
      await this.tokens.replace({ ...this.seal(set), spotifyUserId: me.id, displayName: me.displayName ?? null });
      this.logger.log(`Spotify account ${me.id} connected`);
      await this.events.publish({ type: 'spotify.connection.updated', payload: { status: 'connected' } });
      return back({ spotify: 'connected' });
    } catch (e) {
      this.logger.warn(`Spotify connect failed: ${(e as Error).message}`);
      return back({ spotify: 'error', reason: (e as Error).message });
    }
  }

  async disconnect(): Promise<void> {
    await this.tokens.deleteAll();
    await this.events.publish({ type: 'spotify.connection.updated', payload: { status: 'not_connected' } });
  }

  /** The connected row, or a clear 409 for callers that need Spotify. */
  async requireAccount(): Promise<SpotifyTokenEntity> {
    const row = await this.tokens.current();
    if (!row) throw new SpotifyNotConnectedError('Spotify is not connected; connect it in Settings');
    if (row.status === 'reconnect_required') throw new SpotifyError('reconnect_required', 'reconnect required: Spotify rejected the stored grant; connect the account again in Settings');
    return row;
  }

  /** A client for the connected account whose token provider refreshes before expiry (and once on 401). */
  async client(): Promise<{ client: SpotifyClient; account: SpotifyTokenEntity }> {
    const account = await this.requireAccount();
    const s = await this.settings.get();
    const client = new SpotifyClient({
      apiBaseUrl: s.apiBaseUrl,
      getAccessToken: () => this.accessToken(account.id, false),
      refreshAccessToken: () => this.accessToken(account.id, true),
    });
    return { client, account };
  }

  async setPausedUntil(accountId: string, until: Date | null): Promise<void> {
    await this.tokens.setPausedUntil(accountId, until);
  }

  /**
   * A valid access token. `force` after a 401: refresh unless another process already did (the row
   * then holds a token newer than the one that failed).
   */
  async accessToken(accountId: string, force: boolean): Promise<string> {
    const row = await this.tokens.current();
    if (!row || row.id !== accountId) throw new SpotifyError('reconnect_required', 'reconnect required: the Spotify account was disconnected');
    if (row.status === 'reconnect_required') throw new SpotifyError('reconnect_required', 'reconnect required: Spotify rejected the stored grant; connect the account again in Settings');
    if (!force && row.expiresAt.getTime() - Date.now() > REFRESH_MARGIN_MS) return this.box.decrypt(row.accessTokenSealed);
    const seenAccess = row.accessTokenSealed;
    const s = await this.settings.get();
    let revoked = false;
    const fresh = await this.tokens.refreshLocked(
      accountId,
      (locked) => (force ? locked.accessTokenSealed === seenAccess : locked.expiresAt.getTime() - Date.now() <= REFRESH_MARGIN_MS),
      async (locked) => this.seal(await this.accounts(s).refresh(this.box.decrypt(locked.refreshTokenSealed))),
      (error) => {
        revoked = error instanceof SpotifyError && error.code === 'reconnect_required';
        return revoked ? 'reconnect_required' : null;
      },
    ).catch(async (e: unknown) => {
      if (revoked) {
        this.logger.warn('Spotify refresh token rejected: the account must be reconnected');
        await this.events.publish({ type: 'spotify.connection.updated', payload: { status: 'reconnect_required' } });
      }
      throw e;
    });
    if (!fresh) throw new SpotifyError('reconnect_required', 'reconnect required: the Spotify account was disconnected');
    return this.box.decrypt(fresh.accessTokenSealed);
  }

  private seal(set: SpotifyTokenSet) {
    return { accessTokenSealed: this.box.encrypt(set.accessToken), refreshTokenSealed: this.box.encrypt(set.refreshToken), expiresAt: set.expiresAt, scopes: set.scopes };
  }

  private accounts(s: SpotifySettings): SpotifyAccountsClient {
    if (!s.clientId) throw new BadRequestException('Save the client id of your Spotify app first');
    return new SpotifyAccountsClient({ accountsBaseUrl: s.accountsBaseUrl, clientId: s.clientId, redirectUri: this.redirectUri() });
  }

  private stateKey(state: string): string {
    return `${this.config.redisPrefix}:spotify-oauth:${state}`;
  }
}
