import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Client } from 'pg';
import { createTestDatabase } from '@soulspot/api/testing';
import { startFakeSpotify, type FakeSpotify } from '@soulspot/fakes';
import { freePort, RunningApp, startApp } from './support/app-process';
import { launchChromium, screenshotDir } from './support/browser';

const PASSWORD = 'a long enough password';
const CLIENT_ID = 'soulspotBrowserClient0123456789a';
const ROAD_TRIP = '3cEYpjA9oz9GiPac4AsH4n';

/** Connect Spotify through the real PKCE redirect in Chromium, then add and sync a playlist: built api + worker, fake Spotify. */
describe('Spotify in Chromium (built processes, fake Spotify)', () => {
  let app: RunningApp;
  let url: string;
  let fake: FakeSpotify;
  let drop: () => Promise<void>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const db = await createTestDatabase('browser-spotify');
    drop = db.drop;
    fake = await startFakeSpotify({ clientId: CLIENT_ID, separateAccountsPort: true, redirectUris: ['http://127.0.0.1:1/api/spotify/callback'] });
    // The hosts are settings (not env); point them at the fake before start, as the demo does.
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(`INSERT INTO settings (section, value) VALUES ('spotify', $1)`, [JSON.stringify({ accountsBaseUrl: fake.accountsUrl, apiBaseUrl: fake.apiUrl })]);
    await pg.end();
    // Spotify only accepts loopback IP literals for http redirect URIs, so PUBLIC_URL uses 127.0.0.1.
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    app = await startApp({ databaseUrl: db.url, env: { PORT: String(port), PUBLIC_URL: url } });
    expect(app.url).toBe(url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop('SIGTERM');
    await fake?.close();
    await drop?.();
  });

  const shot = (name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });

  it('connects Spotify through the PKCE redirect and shows the account', async () => {
    await page.goto(`${url}/`);
    await page.waitForURL(/\/onboarding/);
    await page.getByTestId('onboarding-username').fill('admin');
    await page.getByTestId('onboarding-password').fill(PASSWORD);
    await page.getByTestId('onboarding-password-confirm').fill(PASSWORD);
    await page.getByTestId('onboarding-submit').click();
    await page.waitForURL(/\/dashboard/);
    await page.getByTestId('nav-settings').click();
    await page.waitForSelector('[data-testid="spotify-status"][data-status="not_connected"]');
    expect(await page.getByTestId('spotify-redirect-uri').inputValue()).toBe(`${url}/api/spotify/callback`);
    await page.getByTestId('spotify-client-id').fill(CLIENT_ID);
    await page.getByTestId('spotify-save').click();
    await page.waitForSelector('[data-testid="spotify-connect"]:not([disabled])');
    await shot('spotify-01-settings');
    await page.getByTestId('spotify-connect').click();
    // Browser → fake /authorize (auto-approves) → /api/spotify/callback (state, PKCE exchange) → /settings.
    await page.waitForURL(/\/settings\?spotify=connected/);
    await page.waitForSelector('[data-testid="spotify-status"][data-status="connected"]');
    expect(await page.getByTestId('spotify-account').textContent()).toContain(fake.library.me.displayName);
    await shot('spotify-02-connected');
  });

  it('adds a playlist from Spotify and shows it synced, live', async () => {
    await page.getByTestId('nav-playlists').click();
    await page.getByTestId('sources-discover').click();
    await page.waitForSelector('[data-testid="discover-panel"]');
    expect(await page.getByTestId('discovered-note-' + [...fake.library.playlists.values()].find((p) => p.name === "Someone else's mix")?.id).textContent()).toMatch(/CSV/);
    await page.getByTestId(`discovered-add-${ROAD_TRIP}`).click();
    const row = page.locator('[data-testid^="source-row-"][data-name="Road trip"]');
    await row.locator('[data-testid="source-status"][data-status="ok"]').waitFor({ timeout: 30_000 });
    const truth = fake.control.playlistTruth(ROAD_TRIP);
    const unique = new Set(fake.library.playlists.get(ROAD_TRIP)?.entries.flatMap((e) => (e.kind === 'track' ? [e.trackId] : []))).size;
    expect(await row.getByTestId('source-wanted').textContent()).toContain(String(unique));
    expect(await row.getByTestId('source-message').textContent()).toContain(`${truth.unavailable} unavailable`);
    await shot('spotify-03-playlists');
    await row.getByTestId('source-link').click();
    await page.waitForSelector('[data-testid="track-row-0"]');
    await shot('spotify-04-playlist');
  });
});
