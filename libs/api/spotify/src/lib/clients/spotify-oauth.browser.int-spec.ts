/**
 * A real browser goes through the fake's /authorize, lands on a callback served here that verifies
 * `state` and exchanges the code with SpotifyAccountsClient — the path a user takes when connecting.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeSpotify, startFakeSpotify } from '@soulspot/fakes';
import { chromium, type Browser } from 'playwright-core';
import { createOAuthState, createPkcePair, stateMatches } from './pkce';
import { SpotifyAccountsClient } from './spotify-accounts.client';
import { SpotifyClient } from './spotify.client';

const CHROMIUM = '/usr/bin/chromium';
const describeWithBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

describeWithBrowser('Spotify connect flow in a browser (fake accounts service)', () => {
  let fake: FakeSpotify;
  let browser: Browser;
  let callbackServer: Server;
  let callbackBase = '';
  const pkce = createPkcePair();
  const state = createOAuthState();

  beforeAll(async () => {
    // Registered with another port: Spotify lets loopback redirect URIs use any port.
    fake = await startFakeSpotify({ separateAccountsPort: true, redirectUris: ['http://127.0.0.1:1/auth/spotify/callback'] });
    callbackServer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const reply = (status: number, text: string) => {
        res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><title>SoulSpot</title><p id="result">${text}</p>`);
      };
      if (!stateMatches(state, url.searchParams.get('state'))) return reply(400, 'state mismatch');
      if (url.searchParams.get('error')) return reply(400, `denied: ${url.searchParams.get('error') ?? ''}`);
      const accounts = new SpotifyAccountsClient({ accountsBaseUrl: fake.accountsUrl, clientId: fake.clientId, redirectUri: `${callbackBase}/auth/spotify/callback` });
      accounts
        .exchangeCode(url.searchParams.get('code') ?? '', pkce.codeVerifier)
        .then((tokens) => new SpotifyClient({ apiBaseUrl: fake.apiUrl, getAccessToken: async () => tokens.accessToken }).getMe())
        .then((me) => reply(200, `Connected as ${me.displayName ?? me.id}`))
        .catch((err: unknown) => reply(502, String(err)));
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    callbackBase = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => callbackServer?.close(() => resolve()));
    await fake?.close();
  });

  it('connects: authorize → consent (auto) → callback with code and state → token → /me', async () => {
    const accounts = new SpotifyAccountsClient({ accountsBaseUrl: fake.accountsUrl, clientId: fake.clientId, redirectUri: `${callbackBase}/auth/spotify/callback` });
    const page = await browser.newPage();
    await page.goto(accounts.buildAuthorizeUrl({ state, codeChallenge: pkce.codeChallenge }));
    await page.waitForSelector('#result');
    expect(page.url().startsWith(`${callbackBase}/auth/spotify/callback?`)).toBe(true);
    expect(await page.textContent('#result')).toBe(`Connected as ${fake.library.me.displayName}`);
  }, 60_000);
});
