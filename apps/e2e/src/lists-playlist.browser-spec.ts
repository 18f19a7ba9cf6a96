import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, HttpSession } from '@soulspot/api/testing';
import { startFakeSlskd, type FakeSlskd } from '@soulspot/fakes';
import { RunningApp, startApp } from './support/app-process';
import { launchChromium, screenshotDir } from './support/browser';

jest.setTimeout(240_000);

const PASSWORD = 'a long enough password';

/**
 * The playlist page in Chromium against the built processes and the fake slskd: import a CSV list, click
 * "Download missing", watch the tracks come in live, click "Export M3U8" and find the file in the library.
 */
describe('playlist page: download missing and export M3U8 in Chromium (built processes, fake slskd)', () => {
  let app: RunningApp;
  let fake: FakeSlskd;
  let drop: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let library: string;

  beforeAll(async () => {
    const db = await createTestDatabase('browser-lists');
    drop = db.drop;
    library = join(mkdtempSync(join(tmpdir(), 'soulspot-browser-lists-')), 'library');
    fake = await startFakeSlskd({
      catalogue: {
        peers: [
          {
            username: 'quickshare',
            uploadSpeed: 5_000_000,
            queueLength: 0,
            hasFreeUploadSlot: true,
            files: [
              { path: '@@q\\Music\\The Velvet Foxes\\Neon Boulevard (2009)\\01 - Midnight Static.mp3', size: 4_800_000, length: 200, bitRate: 192 },
              { path: '@@q\\Music\\The Velvet Foxes\\Neon Boulevard (2009)\\03 - Paper Satellites.mp3', size: 5_280_000, length: 220, bitRate: 192 },
            ],
          },
        ],
      },
      timing: { searchResponseDelayMs: [20, 80], maxTransferMs: 3_000, progressIntervalMs: 200, fileMoveDelayMs: 100 },
    });
    app = await startApp({ databaseUrl: db.url });
    // Set-up through the API (the settings pages have their own browser tests).
    const admin = new HttpSession(app.url);
    admin.csrfToken = (await admin.post<{ csrfToken: string }>('/api/auth/onboarding', { username: 'admin', password: PASSWORD })).body.csrfToken;
    await admin.request('PUT', '/api/settings/slskd', { json: { url: fake.url, apiKey: fake.apiKey, downloadsPathRemote: fake.downloadsDir, downloadsPathLocal: fake.downloadsDir, searchMinGapMs: 0 } });
    await admin.request('PUT', '/api/settings/import', { json: { libraryPath: library, steps: { musicbrainz: false, coverArt: false, lyrics: false, lastfmGenres: false } } });
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

  it('imports a list, downloads what is missing, shows the tracks arriving and exports the playlist', async () => {
    await page.goto(`${app.url}/playlists`);
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/playlists/);

    const csv = ['artist,title,album,duration', 'The Velvet Foxes,Paper Satellites,Neon Boulevard,3:40', 'Nobody Shares,This Song,Nowhere,3:00', 'The Velvet Foxes,Midnight Static,Neon Boulevard,3:20'].join('\n');
    await page.getByTestId('import-file').setInputFiles({ name: 'Road trip.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('[data-testid="import-result"]');
    await page.getByTestId('source-link').first().click();
    await page.waitForSelector('[data-testid="tracks-table"] tbody tr');
    expect(await page.getByTestId('source-download-missing').textContent()).toContain('Download missing (3)');

    await page.getByTestId('source-download-missing').click();
    await page.waitForSelector('[data-testid="toast"]');
    expect(await page.getByTestId('toast').first().textContent()).toContain('Queued 3 downloads');
    await page.waitForSelector('[data-testid="track-download"]');
    await shot('lists-01-downloading');

    // The two shared tracks arrive in the library; the page follows without a reload.
    await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="track-state"]')).filter((e) => e.textContent?.trim() === 'In library').length === 2, undefined, { timeout: 180_000 });
    const states = await page.locator('[data-testid="track-state"]').allTextContents();
    expect(states.map((s) => s.trim())).toEqual(['In library', 'Missing', 'In library']);
    // The counts come with the list, which reloads after the track states: wait for them to catch up.
    await page.waitForFunction(() => document.querySelector('[data-testid="detail-counts"]')?.textContent?.includes('2 in library, 1 missing'), undefined, { timeout: 30_000 });
    expect(await page.getByTestId('detail-counts').textContent()).toContain('2 in library, 1 missing');

    await page.getByTestId('source-export-m3u8').click();
    await page.waitForSelector('[data-testid="source-export-result"]');
    const playlist = join(library, 'Playlists', 'Road trip.m3u8');
    expect(await page.getByTestId('source-export-result').textContent()).toContain(`Wrote 2 of 3 tracks to ${playlist}`);
    await shot('lists-02-exported');
    const text = readFileSync(playlist, 'utf8');
    expect(text.split('\n').filter((l) => l.startsWith('#EXTINF'))).toEqual(['#EXTINF:220,The Velvet Foxes - Paper Satellites', '#EXTINF:200,The Velvet Foxes - Midnight Static']);
  });
});
