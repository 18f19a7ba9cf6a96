/**
 * Contract-faithful fake of Spotify's accounts service and Web API (Development Mode rules,
 * external-apis.md §1). Standalone: plain node:http, no framework, so the same code runs inside
 * Jest, as `main.ts` for the demo, and behind a browser test going through `/authorize`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type FakePlaylist,
  type FakeSpotifyLibrary,
  generateSpotifyLibrary,
  LibraryGenerator,
  playlistTruth,
  type PlaylistTruth,
  snapshotId,
  type SpotifyLibrarySeed,
} from './spotify-fake.library';
import {
  type Json,
  type JsonObject,
  pagingObject,
  renderAlbum,
  renderAlbumSimplified,
  renderArtist,
  renderMe,
  renderPlaylistEntry,
  renderPlaylistSimplified,
  renderTrack,
  type RenderOptions,
} from './spotify-fake.render';

export const SPOTIFY_SCOPES_ALL = ['playlist-read-private', 'playlist-read-collaborative', 'user-library-read', 'user-follow-read'];

export interface FakeSpotifyOptions {
  /** 0 (default) = ephemeral. */
  port?: number;
  /** Serve accounts on a second port (like accounts.spotify.com vs api.spotify.com). Default: same port. */
  separateAccountsPort?: boolean;
  host?: string;
  clientId?: string;
  /** Allow-listed redirect URIs; loopback IP literals match on any port, as Spotify does. */
  redirectUris?: string[];
  library?: FakeSpotifyLibrary;
  seed?: SpotifyLibrarySeed;
  devMode?: boolean;
  includeDeprecatedTrackKey?: boolean;
  accessTokenTtlSec?: number;
  /** Spotify: 6 months after the original consent; refreshing does not extend it. */
  refreshTokenLifetimeMs?: number;
  latencyMs?: number;
  /** Rolling-window rate limit over /v1 requests (Spotify counts per app over ~30 s); off by default. */
  rateLimit?: { maxRequests: number; windowMs: number; retryAfterSec: number };
  /** JSON control API under `/__control` for tests that run the fake as a separate process. Default true. */
  controlEndpoints?: boolean;
  /** Test clock; defaults to Date.now. */
  now?: () => number;
}

export interface FakeSpotifyFault {
  status: 403 | 429 | 500 | 502 | 503;
  /** 429 only: seconds for Retry-After; `null` omits the header (it is sometimes missing). */
  retryAfterSec?: number | null;
  /**
   * 'plain' = "Too many requests" text, 'quota' = QUOTA_EXCEEDED JSON, 'json' = Web-API envelope, 'empty',
   * 'not-registered' = the plain-text 403 a user missing from the Developer Dashboard gets.
   */
  body?: 'plain' | 'quota' | 'json' | 'empty' | 'not-registered';
  /** How many requests it applies to (default 1; Infinity = until cleared). */
  times?: number;
  /** Only requests whose path starts with this (e.g. '/v1/playlists'). Default: every /v1 request. */
  pathPrefix?: string;
}

export interface FakeSpotifyRequestLogEntry {
  method: string;
  path: string;
  status: number;
}

export interface IssuedTokens {
  access_token: string;
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  refresh_token: string;
}

export interface FakeSpotifyControl {
  /** Skip the browser: create a grant as if the user consented. */
  issueTokens(scopes?: string[]): IssuedTokens;
  /** Make every access token issued so far expired (the next API call gets 401). */
  expireAccessTokens(): void;
  /** The user removed the app: refresh tokens → invalid_grant, access tokens → 401. */
  revokeGrants(): void;
  /** What `/authorize` answers: auto-approve (default) or `access_denied`. */
  setAuthorizeDecision(decision: 'approve' | 'deny'): void;
  mutatePlaylist(playlistId: string, change: { addTracks?: number; removePositions?: number[]; rename?: string }): string;
  injectFault(fault: FakeSpotifyFault): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  playlistTruth(playlistId: string): PlaylistTruth;
  readonly requestCount: number;
  readonly requests: readonly FakeSpotifyRequestLogEntry[];
  countRequests(pathPrefix: string): number;
  resetRequestLog(): void;
}

export interface FakeSpotify {
  /** Base of `/authorize` and `/api/token`. */
  accountsUrl: string;
  /** Base of the Web API, ending in `/v1`. */
  apiUrl: string;
  clientId: string;
  library: FakeSpotifyLibrary;
  control: FakeSpotifyControl;
  close(): Promise<void>;
}

interface Grant {
  id: string;
  userId: string;
  scopes: string[];
  createdAt: number;
  revoked: boolean;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

const DEFAULT_LIMIT = 20;

export async function startFakeSpotify(options: FakeSpotifyOptions = {}): Promise<FakeSpotify> {
  const host = options.host ?? '127.0.0.1';
  const clientId = options.clientId ?? 'fake-spotify-client-id';
  const redirectUris = options.redirectUris ?? ['http://127.0.0.1:3000/auth/spotify/callback'];
  const library = options.library ?? generateSpotifyLibrary(options.seed);
  const now = options.now ?? Date.now;
  const accessTtlSec = options.accessTokenTtlSec ?? 3600;
  const refreshLifetimeMs = options.refreshTokenLifetimeMs ?? 183 * 24 * 3600 * 1000;
  const mutationGen = new LibraryGenerator(4242);

  let latencyMs = options.latencyMs ?? 0;
  let authorizeDecision: 'approve' | 'deny' = 'approve';
  const faults: (FakeSpotifyFault & { remaining: number })[] = [];
  const log: FakeSpotifyRequestLogEntry[] = [];
  const grants = new Map<string, Grant>();
  const codes = new Map<string, { clientId: string; redirectUri: string; challenge: string; scopes: string[]; used: boolean; expiresAt: number }>();
  const accessTokens = new Map<string, { grantId: string; expiresAt: number }>();
  const refreshTokens = new Map<string, { grantId: string; used: boolean }>();

  const token = (prefix: string) => prefix + randomBytes(24).toString('base64url');

  const issueFor = (grant: Grant): IssuedTokens => {
    const access = token('BQ');
    const refresh = token('AQ');
    accessTokens.set(access, { grantId: grant.id, expiresAt: now() + accessTtlSec * 1000 });
    refreshTokens.set(refresh, { grantId: grant.id, used: false });
    return { access_token: access, token_type: 'Bearer', scope: grant.scopes.join(' '), expires_in: accessTtlSec, refresh_token: refresh };
  };

  const newGrant = (scopes: string[]): Grant => {
    const grant: Grant = { id: token('g'), userId: library.me.id, scopes, createdAt: now(), revoked: false };
    grants.set(grant.id, grant);
    return grant;
  };

  const redirectAllowed = (uri: string): boolean => {
    let u: URL;
    try {
      u = new URL(uri);
    } catch {
      return false;
    }
    return redirectUris.some((allowed) => {
      const a = new URL(allowed);
      const loopback = a.hostname === '127.0.0.1' || a.hostname === '[::1]';
      if (loopback) return u.protocol === a.protocol && u.hostname === a.hostname && u.pathname === a.pathname;
      return u.toString() === a.toString();
    });
  };

  // ---- accounts ---------------------------------------------------------------------------------

  const handleAuthorize = (url: URL, res: ServerResponse) => {
    const q = url.searchParams;
    if (q.get('client_id') !== clientId) return sendText(res, 400, 'INVALID_CLIENT: Invalid client');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!redirectAllowed(redirectUri)) return sendText(res, 400, 'INVALID_CLIENT: Invalid redirect URI');
    const back = new URL(redirectUri);
    const state = q.get('state');
    if (state !== null) back.searchParams.set('state', state);
    const fail = (error: string, description?: string) => {
      back.searchParams.set('error', error);
      if (description) back.searchParams.set('error_description', description);
      res.writeHead(302, { Location: back.toString() });
      res.end();
    };
    if (q.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    if (q.get('code_challenge_method') !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
    const challenge = q.get('code_challenge') ?? '';
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request', 'code_challenge must be a base64url SHA-256');
    if (authorizeDecision === 'deny') return fail('access_denied');
    const code = token('AQD');
    const scopes = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
    codes.set(code, { clientId, redirectUri, challenge, scopes, used: false, expiresAt: now() + 10 * 60 * 1000 });
    back.searchParams.set('code', code);
    res.writeHead(302, { Location: back.toString() });
    res.end();
  };

  const handleToken = async (req: IncomingMessage, res: ServerResponse) => {
    const oauthError = (status: number, error: string, description: string) => sendJson(res, status, { error, error_description: description });
    if (req.method !== 'POST') return oauthError(405, 'invalid_request', 'Method not allowed');
    const contentType = String(req.headers['content-type'] ?? '');
    const body = await readBody(req);
    if (!contentType.startsWith('application/x-www-form-urlencoded')) return oauthError(400, 'unsupported_grant_type', 'grant_type parameter is missing');
    const form = new URLSearchParams(body);
    if (form.get('client_id') !== clientId) return oauthError(400, 'invalid_client', 'Invalid client');
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      if (!code || code.used || code.expiresAt < now()) return oauthError(400, 'invalid_grant', code && code.expiresAt < now() ? 'Authorization code expired' : 'Invalid authorization code');
      code.used = true;
      if (form.get('redirect_uri') !== code.redirectUri) return oauthError(400, 'invalid_grant', 'Invalid redirect URI');
      const verifier = form.get('code_verifier') ?? '';
      const expected = createHash('sha256').update(verifier).digest('base64url');
      if (verifier.length < 43 || verifier.length > 128 || expected !== code.challenge) return oauthError(400, 'invalid_grant', 'code_verifier was incorrect');
      return sendJson(res, 200, { ...issueFor(newGrant(code.scopes)) });
    }
    if (grantType === 'refresh_token') {
      const rt = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!rt) return oauthError(400, 'invalid_grant', 'Invalid refresh token');
      const grant = grants.get(rt.grantId);
      // Rotation: a PKCE refresh token works once; reusing it (or a revoked/expired grant) is invalid_grant.
      if (!grant || grant.revoked || rt.used || grant.createdAt + refreshLifetimeMs < now()) return oauthError(400, 'invalid_grant', 'Refresh token revoked');
      rt.used = true;
      return sendJson(res, 200, { ...issueFor(grant) });
    }
    return oauthError(400, 'unsupported_grant_type', `grant_type ${grantType ?? ''} is not supported`);
  };

  // ---- web api ----------------------------------------------------------------------------------

  let apiUrl = '';
  const render = (): RenderOptions => ({ apiUrl, devMode: options.devMode ?? true, includeDeprecatedTrackKey: options.includeDeprecatedTrackKey ?? true });

  const authenticate = (req: IncomingMessage): Grant => {
    const header = String(req.headers.authorization ?? '');
    if (!header.startsWith('Bearer ') || header.length <= 7) throw new HttpError(401, 'No token provided');
    const at = accessTokens.get(header.slice(7));
    const grant = at && grants.get(at.grantId);
    if (!at || !grant || grant.revoked) throw new HttpError(401, 'Invalid access token');
    if (at.expiresAt <= now()) throw new HttpError(401, 'The access token expired');
    return grant;
  };

  const requireScope = (grant: Grant, ...anyOf: string[]) => {
    if (!anyOf.some((s) => grant.scopes.includes(s))) throw new HttpError(403, 'Insufficient client scope');
  };

  const paging = (q: URLSearchParams, maxLimit: number, defaultLimit = DEFAULT_LIMIT, maxOffset = 100_000) => {
    const limit = q.has('limit') ? Number(q.get('limit')) : defaultLimit;
    const offset = q.has('offset') ? Number(q.get('offset')) : 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) throw new HttpError(400, 'Invalid limit');
    if (!Number.isInteger(offset) || offset < 0 || offset > maxOffset) throw new HttpError(400, 'Invalid offset');
    return { limit, offset };
  };

  const page = (base: string, all: readonly unknown[], q: URLSearchParams, maxLimit: number, map: (x: never) => Json, extra: Record<string, string> = {}, defaultLimit = DEFAULT_LIMIT) => {
    const { limit, offset } = paging(q, maxLimit, defaultLimit);
    const items = all.slice(offset, offset + limit).map((x) => map(x as never));
    return pagingObject(base, items, offset, limit, all.length, extra);
  };

  const playlistOr404 = (id: string): FakePlaylist => {
    if (!/^[A-Za-z0-9]{22}$/.test(id)) throw new HttpError(400, 'Invalid base62 id');
    const p = library.playlists.get(id);
    // Spotify-owned editorial/algorithmic playlists are invisible to new apps since Nov 2024.
    if (!p || p.ownerId === 'spotify') throw new HttpError(404, 'Resource not found');
    return p;
  };

  const canReadItems = (p: FakePlaylist, grant: Grant) => p.ownerId === grant.userId || p.collaborative;

  const routes: { pattern: RegExp; handle: (m: RegExpMatchArray, q: URLSearchParams, grant: Grant) => Json }[] = [
    { pattern: /^\/v1\/me$/, handle: () => renderMe(library.me, render()) },
    {
      pattern: /^\/v1\/me\/playlists$/,
      handle: (_m, q, g) => {
        requireScope(g, 'playlist-read-private');
        return page(`${apiUrl}/me/playlists`, library.myPlaylistOrder, q, 50, (id: string | null) => {
          const p = id ? library.playlists.get(id) : undefined;
          return p ? renderPlaylistSimplified(library, p, render()) : null;
        });
      },
    },
    {
      pattern: /^\/v1\/playlists\/([^/]+)$/,
      handle: (m, q, g) => {
        const p = playlistOr404(m[1]);
        const o = render();
        const full: JsonObject = { ...renderPlaylistSimplified(library, p, o), followers: { href: null, total: p.followers } };
        if (canReadItems(p, g)) {
          const first = pagingObject(`${apiUrl}/playlists/${p.id}/items`, p.entries.slice(0, 100).map((e) => renderPlaylistEntry(library, e, o)), 0, 100, p.entries.length, {});
          full['items'] = first;
          if (o.includeDeprecatedTrackKey) full['tracks'] = first;
        } else {
          delete full['items'];
          delete full['tracks'];
        }
        return applyTopLevelFields(full, q.get('fields'));
      },
    },
    {
      pattern: /^\/v1\/playlists\/([^/]+)\/items$/,
      handle: (m, q, g) => {
        requireScope(g, 'playlist-read-private', 'playlist-read-collaborative');
        const p = playlistOr404(m[1]);
        if (!canReadItems(p, g)) throw new HttpError(403, 'Forbidden');
        const o = render();
        return applyTopLevelFields(page(`${apiUrl}/playlists/${p.id}/items`, p.entries, q, 50, (e: FakePlaylist['entries'][number]) => renderPlaylistEntry(library, e, o)), q.get('fields'));
      },
    },
    {
      pattern: /^\/v1\/playlists\/([^/]+)\/tracks$/,
      handle: (m, q) => {
        if (options.devMode ?? true) throw new HttpError(403, 'Forbidden');
        const p = playlistOr404(m[1]);
        const o = render();
        return page(`${apiUrl}/playlists/${p.id}/tracks`, p.entries, q, 100, (e: FakePlaylist['entries'][number]) => renderPlaylistEntry(library, e, o));
      },
    },
    {
      pattern: /^\/v1\/me\/tracks$/,
      handle: (_m, q, g) => {
        requireScope(g, 'user-library-read');
        const o = render();
        return page(`${apiUrl}/me/tracks`, library.savedTracks, q, 50, (s: { trackId: string; addedAt: string }) => {
          const t = library.tracks.get(s.trackId);
          return { added_at: s.addedAt, track: t ? renderTrack(library, t, o) : null };
        });
      },
    },
    {
      pattern: /^\/v1\/me\/albums$/,
      handle: (_m, q, g) => {
        requireScope(g, 'user-library-read');
        const o = render();
        return page(`${apiUrl}/me/albums`, library.savedAlbums, q, 50, (s: { albumId: string; addedAt: string }) => {
          const a = library.albums.get(s.albumId);
          return { added_at: s.addedAt, album: a ? renderAlbum(library, a, o) : null };
        });
      },
    },
    {
      pattern: /^\/v1\/me\/following$/,
      handle: (_m, q, g) => {
        requireScope(g, 'user-follow-read');
        if (q.get('type') !== 'artist') throw new HttpError(400, "type must be 'artist'");
        const limit = q.has('limit') ? Number(q.get('limit')) : DEFAULT_LIMIT;
        if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new HttpError(400, 'Invalid limit');
        const after = q.get('after');
        const ids = library.followedArtistIds;
        const start = after ? ids.indexOf(after) + 1 : 0;
        if (after && start === 0) throw new HttpError(400, 'Invalid after cursor');
        const slice = ids.slice(start, start + limit);
        const last = slice.length > 0 ? slice[slice.length - 1] : null;
        const more = start + limit < ids.length;
        const u = (a?: string) => {
          const url = new URL(`${apiUrl}/me/following`);
          url.searchParams.set('type', 'artist');
          if (a) url.searchParams.set('after', a);
          url.searchParams.set('limit', String(limit));
          return url.toString();
        };
        const o = render();
        return {
          artists: {
            href: u(after ?? undefined),
            limit,
            next: more && last ? u(last) : null,
            cursors: { after: more ? last : null },
            total: ids.length,
            items: slice.map((id) => renderArtist(library.artists.get(id) ?? { id, name: '?' }, o)),
          },
        };
      },
    },
    {
      pattern: /^\/v1\/albums\/([^/]+)$/,
      handle: (m) => {
        const a = library.albums.get(m[1]);
        if (!a) throw new HttpError(404, 'Resource not found');
        return renderAlbum(library, a, render());
      },
    },
    {
      pattern: /^\/v1\/albums\/([^/]+)\/tracks$/,
      handle: (m, q) => {
        const a = library.albums.get(m[1]);
        if (!a) throw new HttpError(404, 'Resource not found');
        const o = render();
        return page(`${apiUrl}/albums/${a.id}/tracks`, a.trackIds, q, 50, (id: string) => {
          const t = library.tracks.get(id);
          if (!t) return null;
          // Simplified tracks carry neither the album nor external_ids (no ISRC from this endpoint).
          const simplified = renderTrack(library, t, o);
          delete simplified['album'];
          delete simplified['external_ids'];
          delete simplified['popularity'];
          return simplified;
        });
      },
    },
    {
      pattern: /^\/v1\/artists\/([^/]+)$/,
      handle: (m) => {
        const a = library.artists.get(m[1]);
        if (!a) throw new HttpError(404, 'Resource not found');
        return renderArtist(a, render());
      },
    },
    {
      pattern: /^\/v1\/artists\/([^/]+)\/albums$/,
      handle: (m, q) => {
        const artist = library.artists.get(m[1]);
        if (!artist) throw new HttpError(404, 'Resource not found');
        const groups = (q.get('include_groups') ?? 'album,single,appears_on,compilation').split(',');
        const o = render();
        const albums = [...library.albums.values()].filter((al) => {
          const own = al.artistIds[0] === artist.id;
          const appears = !own && (al.artistIds.includes(artist.id) || al.trackIds.some((t) => library.tracks.get(t)?.artistIds.includes(artist.id)));
          if (own) return groups.includes(al.albumType);
          return appears && groups.includes('appears_on');
        });
        const dev = options.devMode ?? true;
        const extra: Record<string, string> = {};
        if (q.get('include_groups')) extra['include_groups'] = q.get('include_groups') ?? '';
        return page(`${apiUrl}/artists/${artist.id}/albums`, albums, q, dev ? 10 : 50, (al: (typeof albums)[number]) => {
          const r = renderAlbumSimplified(library, al, o);
          if (!dev) r['album_group'] = al.artistIds[0] === artist.id ? al.albumType : 'appears_on';
          return r;
        }, extra, dev ? 5 : 20);
      },
    },
    {
      pattern: /^\/v1\/tracks\/([^/]+)$/,
      handle: (m) => {
        const t = library.tracks.get(m[1]);
        if (!t) throw new HttpError(404, 'Resource not found');
        return renderTrack(library, t, render());
      },
    },
    {
      pattern: /^\/v1\/tracks$/,
      handle: (_m, q) => {
        if (options.devMode ?? true) throw new HttpError(403, 'Forbidden');
        const ids = (q.get('ids') ?? '').split(',').filter(Boolean);
        if (ids.length === 0 || ids.length > 50) throw new HttpError(400, 'Invalid ids');
        return { tracks: ids.map((id) => { const t = library.tracks.get(id); return t ? renderTrack(library, t, render()) : null; }) };
      },
    },
    { pattern: /^\/v1\/search$/, handle: (_m, q) => search(q) },
    // Removed for Development Mode (external-apis.md §1.1): the statuses real new apps receive.
    { pattern: /^\/v1\/(albums|artists|episodes|shows|audiobooks|chapters)$/, handle: () => { throw new HttpError(403, 'Forbidden'); } },
    { pattern: /^\/v1\/artists\/[^/]+\/top-tracks$/, handle: () => { throw new HttpError(403, 'Forbidden'); } },
    { pattern: /^\/v1\/artists\/[^/]+\/related-artists$/, handle: () => { throw new HttpError(404, 'Resource not found'); } },
    { pattern: /^\/v1\/recommendations(\/available-genre-seeds)?$/, handle: () => { throw new HttpError(404, 'Resource not found'); } },
    { pattern: /^\/v1\/(audio-features|audio-analysis)(\/[^/]+)?$/, handle: () => { throw new HttpError(403, 'Forbidden'); } },
    { pattern: /^\/v1\/browse\/(new-releases|categories.*|featured-playlists)$/, handle: () => { throw new HttpError(403, 'Forbidden'); } },
    { pattern: /^\/v1\/markets$/, handle: () => { throw new HttpError(403, 'Forbidden'); } },
    { pattern: /^\/v1\/users\/[^/]+(\/playlists)?$/, handle: () => { throw new HttpError(403, 'Forbidden'); } },
  ];

  const search = (q: URLSearchParams): Json => {
    const query = (q.get('q') ?? '').trim();
    const types = (q.get('type') ?? '').split(',').filter(Boolean);
    if (!query) throw new HttpError(400, 'No search query');
    if (types.length === 0) throw new HttpError(400, 'Missing parameter type');
    const { limit, offset } = paging(q, 10, 5, 1000);
    const filters: Record<string, string> = {};
    const free = query
      .replace(/(\w+):"([^"]*)"|(\w+):(\S+)/g, (_all, k1: string | undefined, v1: string | undefined, k2: string | undefined, v2: string | undefined) => {
        filters[(k1 ?? k2 ?? '').toLowerCase()] = (v1 ?? v2 ?? '').toLowerCase();
        return ' ';
      })
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean);
    const o = render();
    const has = (hay: string, needle: string | undefined) => needle === undefined || hay.toLowerCase().includes(needle);
    const artistNames = (ids: string[]) => ids.map((id) => library.artists.get(id)?.name ?? '').join(' ');
    const out: JsonObject = {};
    // Render only the requested slice: broad queries match thousands of catalogue entries.
    const pageOf = <T>(key: string, all: T[], renderOne: (x: T) => Json) => {
      out[key] = pagingObject(`${apiUrl}/search`, all.slice(offset, offset + limit).map(renderOne), offset, limit, all.length, { query, type: types.join(',') });
    };
    if (types.includes('track')) {
      const hits = [...library.tracks.values()].filter((t) => {
        const album = library.albums.get(t.albumId);
        const text = `${t.name} ${artistNames(t.artistIds)} ${album?.name ?? ''}`;
        if (filters['isrc'] !== undefined) return (t.isrc ?? '').toLowerCase() === filters['isrc'];
        return has(t.name, filters['track']) && has(artistNames(t.artistIds), filters['artist']) && has(album?.name ?? '', filters['album']) && free.every((w) => text.toLowerCase().includes(w));
      });
      pageOf('tracks', hits, (t) => renderTrack(library, t, o));
    }
    if (types.includes('artist')) {
      const hits = [...library.artists.values()].filter((a) => has(a.name, filters['artist']) && free.every((w) => a.name.toLowerCase().includes(w)));
      pageOf('artists', hits, (a) => renderArtist(a, o));
    }
    if (types.includes('album')) {
      const hits = [...library.albums.values()].filter((al) => {
        const text = `${al.name} ${artistNames(al.artistIds)}`;
        return has(al.name, filters['album']) && has(artistNames(al.artistIds), filters['artist']) && free.every((w) => text.toLowerCase().includes(w));
      });
      pageOf('albums', hits, (al) => renderAlbumSimplified(library, al, o));
    }
    if (types.includes('playlist')) {
      // Real search returns null entries among playlists.
      const hits = [...library.playlists.values()].filter((p) => free.every((w) => p.name.toLowerCase().includes(w)));
      pageOf('playlists', hits.length > 0 ? [null, ...hits] : hits, (p) => (p ? renderPlaylistSimplified(library, p, o) : null));
    }
    return out;
  };

  const handleApi = (req: IncomingMessage, url: URL): Json => {
    const grant = authenticate(req);
    if (req.method !== 'GET') throw new HttpError(405, 'Method not allowed');
    for (const route of routes) {
      const m = url.pathname.match(route.pattern);
      if (m) return route.handle(m, url.searchParams, grant);
    }
    throw new HttpError(404, 'Service not found');
  };

  const takeFault = (path: string) => {
    const idx = faults.findIndex((f) => path.startsWith(f.pathPrefix ?? '/v1'));
    if (idx < 0) return undefined;
    const f = faults[idx];
    f.remaining -= 1;
    if (f.remaining <= 0) faults.splice(idx, 1);
    return f;
  };

  const sendFault = (res: ServerResponse, f: FakeSpotifyFault) => {
    const headers: Record<string, string> = {};
    if (f.status === 429 && f.retryAfterSec !== null) headers['Retry-After'] = String(f.retryAfterSec ?? 5);
    const body = f.body ?? (f.status === 429 ? 'plain' : 'json');
    if (body === 'empty') {
      res.writeHead(f.status, headers);
      return res.end();
    }
    if (body === 'not-registered') return sendText(res, 403, 'User not registered in the Developer Dashboard', headers);
    if (body === 'plain') return sendText(res, f.status, f.status === 429 ? 'Too many requests' : 'Internal Server Error', headers);
    const error: JsonObject = { status: f.status, message: f.status === 429 ? 'Too many requests' : 'Server error' };
    if (body === 'quota') error['reason'] = 'QUOTA_EXCEEDED';
    return sendJson(res, f.status, { error }, headers);
  };

  const handler = (role: 'accounts' | 'api' | 'both') => (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (!url.pathname.startsWith('/__control/')) res.on('finish', () => log.push({ method: req.method ?? 'GET', path: url.pathname + url.search, status: res.statusCode }));
    const run = async () => {
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      const isAccounts = url.pathname === '/authorize' || url.pathname === '/api/token';
      if ((isAccounts && role === 'api') || (!isAccounts && role === 'accounts')) return sendJson(res, 404, { error: { status: 404, message: 'Service not found' } });
      if (url.pathname.startsWith('/__control/') && (options.controlEndpoints ?? true)) return handleControl(req, url, res);
      const fault = takeFault(url.pathname);
      if (fault) return sendFault(res, fault);
      if (options.rateLimit && url.pathname.startsWith('/v1/')) {
        const { maxRequests, windowMs, retryAfterSec } = options.rateLimit;
        const t = now();
        while (recent.length > 0 && recent[0] <= t - windowMs) recent.shift();
        if (recent.length >= maxRequests) return sendFault(res, { status: 429, retryAfterSec, body: 'plain' });
        recent.push(t);
      }
      if (url.pathname === '/authorize') return handleAuthorize(url, res);
      if (url.pathname === '/api/token') return handleToken(req, res);
      if (!url.pathname.startsWith('/v1/')) return sendJson(res, 404, { error: { status: 404, message: 'Service not found' } });
      try {
        sendJson(res, 200, handleApi(req, url));
      } catch (err) {
        if (err instanceof HttpError) sendJson(res, err.status, { error: { status: err.status, message: err.message } }, err.extra);
        else throw err;
      }
    };
    run().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { status: 500, message: String(err) } });
    });
  };

  const recent: number[] = [];

  const handleControl = async (req: IncomingMessage, url: URL, res: ServerResponse) => {
    const raw = req.method === 'POST' ? await readBody(req) : '';
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return sendJson(res, 400, { error: 'body must be JSON' });
    }
    const action = url.pathname.slice('/__control/'.length);
    const mutate = /^playlists\/([^/]+)\/mutate$/.exec(action);
    try {
      if (action === 'state' && req.method === 'GET') {
        return sendJson(res, 200, {
          requestCount: control.requestCount,
          playlists: [...library.playlists.values()].map((p) => ({ id: p.id, name: p.name, snapshotId: snapshotId(p), ...playlistTruth(p) })),
        });
      }
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST expected' });
      if (action === 'tokens') return sendJson(res, 200, { ...control.issueTokens(Array.isArray(body['scopes']) ? (body['scopes'] as string[]) : undefined) });
      if (action === 'fault') {
        control.injectFault(body as unknown as FakeSpotifyFault);
        return sendJson(res, 204, null);
      }
      if (action === 'clear-faults') control.clearFaults();
      else if (action === 'revoke') control.revokeGrants();
      else if (action === 'expire-tokens') control.expireAccessTokens();
      else if (action === 'latency') control.setLatency(Number(body['ms'] ?? 0));
      else if (action === 'authorize-decision') control.setAuthorizeDecision(body['decision'] === 'deny' ? 'deny' : 'approve');
      else if (action === 'reset-log') control.resetRequestLog();
      else if (mutate) return sendJson(res, 200, { snapshotId: control.mutatePlaylist(mutate[1], body as { addTracks?: number; removePositions?: number[]; rename?: string }) });
      else return sendJson(res, 404, { error: `unknown control action ${action}` });
      return sendJson(res, 204, null);
    } catch (err) {
      return sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
    }
  };

  const servers: Server[] = [];
  const listen = (role: 'accounts' | 'api' | 'both', port: number) =>
    new Promise<string>((resolve, reject) => {
      const server = createServer(handler(role));
      server.keepAliveTimeout = 1000;
      servers.push(server);
      server.once('error', reject);
      server.listen(port, host, () => {
        const addr = server.address() as AddressInfo;
        resolve(`http://${host}:${addr.port}`);
      });
    });

  const apiOrigin = await listen(options.separateAccountsPort ? 'api' : 'both', options.port ?? 0);
  const accountsOrigin = options.separateAccountsPort ? await listen('accounts', 0) : apiOrigin;
  apiUrl = `${apiOrigin}/v1`;

  const control: FakeSpotifyControl = {
    issueTokens: (scopes = SPOTIFY_SCOPES_ALL) => issueFor(newGrant(scopes)),
    expireAccessTokens: () => {
      for (const at of accessTokens.values()) at.expiresAt = now() - 1;
    },
    revokeGrants: () => {
      for (const g of grants.values()) g.revoked = true;
    },
    setAuthorizeDecision: (d) => {
      authorizeDecision = d;
    },
    mutatePlaylist: (playlistId, change) => {
      const p = library.playlists.get(playlistId);
      if (!p) throw new Error(`unknown playlist ${playlistId}`);
      if (change.rename) p.name = change.rename;
      if (change.removePositions) {
        const drop = new Set(change.removePositions);
        p.entries = p.entries.filter((_e, i) => !drop.has(i));
      }
      const trackIds = [...library.tracks.keys()];
      for (let i = 0; i < (change.addTracks ?? 0); i += 1) {
        p.entries.push({ kind: 'track', trackId: mutationGen.pick(trackIds), addedAt: new Date(now()).toISOString().replace(/\.\d+Z$/, 'Z'), addedBy: library.me.id });
      }
      p.snapshotVersion += 1;
      return snapshotId(p);
    },
    injectFault: (fault) => {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    clearFaults: () => {
      faults.length = 0;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    playlistTruth: (playlistId) => {
      const p = library.playlists.get(playlistId);
      if (!p) throw new Error(`unknown playlist ${playlistId}`);
      return playlistTruth(p);
    },
    get requestCount() {
      return log.length;
    },
    get requests() {
      return log;
    },
    countRequests: (prefix) => log.filter((r) => r.path.startsWith(prefix)).length,
    resetRequestLog: () => {
      log.length = 0;
    },
  };

  return {
    accountsUrl: accountsOrigin,
    apiUrl,
    clientId,
    library,
    control,
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
}

type FieldTree = Map<string, FieldTree | null>;

/** Parses Spotify's `fields` syntax: `a,b.c,d(e,f.g)`; `null` leaves select the whole value. */
function parseFields(spec: string): FieldTree | undefined {
  if (spec.includes('!')) return undefined; // exclusions: answer unfiltered rather than guess
  let i = 0;
  const parseTerm = (): [string, FieldTree | null] => {
    let name = '';
    while (i < spec.length && !',.()'.includes(spec[i])) name += spec[i++];
    if (spec[i] === '.') {
      i += 1;
      return [name.trim(), new Map([parseTerm()])];
    }
    if (spec[i] === '(') {
      i += 1;
      const sub = parseList();
      i += 1; // ')'
      return [name.trim(), sub];
    }
    return [name.trim(), null];
  };
  const parseList = (): FieldTree => {
    const tree: FieldTree = new Map();
    for (;;) {
      const [name, sub] = parseTerm();
      if (name) tree.set(name, mergeTrees(tree.get(name), sub));
      if (spec[i] !== ',') return tree;
      i += 1;
    }
  };
  return parseList();
}

function mergeTrees(a: FieldTree | null | undefined, b: FieldTree | null): FieldTree | null {
  if (a === undefined) return b;
  if (a === null || b === null) return null;
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, mergeTrees(out.get(k), v));
  return out;
}

function filterJson(value: Json, tree: FieldTree): Json {
  if (Array.isArray(value)) return value.map((v) => filterJson(v, tree));
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [k, sub] of tree) if (k in value) out[k] = sub ? filterJson(value[k], sub) : value[k];
  return out;
}

/** Spotify's `fields` filter (`snapshot_id,items.total`, `items(added_at,item(name,id))`). */
function applyTopLevelFields(obj: JsonObject, fields: string | null): JsonObject {
  if (!fields) return obj;
  const tree = parseFields(fields);
  return tree ? (filterJson(obj, tree) as JsonObject) : obj;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
  if (status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
