import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase } from '@soulspot/api/testing';
import { generateDefaultSlskdCatalogue, startFakeSlskd, type FakeSlskd } from '@soulspot/fakes';
import { RunningApp, startApp } from './support/app-process';
import { launchChromium, screenshotDir } from './support/browser';

const PASSWORD = 'a long enough password';

/**
 * A file chosen on the Search page is downloaded by the engine (built api + worker, fake slskd writing real
 * audio) and the Downloads page follows it live to Done; dashboard tiles, settings card and blocklist too.
 */
describe('Downloads in Chromium (built processes, fake slskd)', () => {
  let app: RunningApp;
  let fake: FakeSlskd;
  let drop: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  let downloadId = '';
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const db = await createTestDatabase('browser-downloads');
    drop = db.drop;
    fake = await startFakeSlskd({
      catalogue: generateDefaultSlskdCatalogue(),
      // The best file sits with a peer whose upload queue is 48 long: 100 ms per place keeps the wait visible but short;
      // the transfer itself lasts up to 8 s so progress is seen between the engine's 2 s reconciliations.
      timing: { searchResponseDelayMs: [20, 300], transferStepMs: 150, progressIntervalMs: 200, maxTransferMs: 8000, remoteQueueStepMs: 100 },
    });
    app = await startApp({ databaseUrl: db.url });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop('SIGTERM');
    await fake?.close();
    await drop?.();
  });

  const shot = (name: string, p: Page = page) => p.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });

  it('shows an empty queue and asks for slskd before anything can download', async () => {
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/onboarding/);
    await page.getByTestId('onboarding-username').fill('admin');
    await page.getByTestId('onboarding-password').fill(PASSWORD);
    await page.getByTestId('onboarding-password-confirm').fill(PASSWORD);
    await page.getByTestId('onboarding-submit').click();
    await page.waitForURL(/\/dashboard/);
    await page.waitForSelector('[data-testid="tile-active-count"]');
    await page.getByTestId('nav-downloads').click();
    await page.waitForURL(/\/downloads$/);
    await page.waitForSelector('[data-testid="downloads-empty"]');
    await page.waitForSelector('[data-testid="circuit-banner"]');
    expect(await page.getByTestId('circuit-banner').textContent()).toContain('slskd is not connected yet');
    await shot('downloads-01-empty');
  });

  it('connects slskd and tunes the download settings', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('slskd-url').fill(fake.url);
    await page.getByTestId('slskd-api-key').fill(fake.apiKey);
    // Same machine: slskd's downloads folder is where SoulSpot finds the files.
    await page.getByTestId('slskd-local-path').fill(fake.downloadsDir);
    await page.getByTestId('slskd-save').click();
    await page.waitForSelector('[data-testid="slskd-saved"]');
    await page.getByTestId('slskd-test').click();
    await page.waitForSelector('[data-testid="slskd-test-result"]');

    await page.waitForSelector('[data-testid="download-settings-form"]');
    await page.getByTestId('dls-maxPerUser').fill('99');
    await page.getByTestId('download-settings-save').click();
    await page.waitForSelector('[data-testid="dls-maxPerUser-error"]:not([hidden])');
    await page.getByTestId('dls-maxPerUser').fill('2');
    await page.getByTestId('dls-maxActive').fill('3');
    await page.getByTestId('download-settings-save').click();
    await page.waitForSelector('[data-testid="download-settings-saved"]');
    await shot('downloads-02-settings');
  });

  it('queues the best candidate from the Search page and watches it reach Done live', async () => {
    await page.getByTestId('nav-search').click();
    await page.waitForSelector('[data-testid="search-form"]');
    await page.getByTestId('search-artist').fill('The Velvet Foxes');
    await page.getByTestId('search-title').fill('Runaway Tonight');
    await page.getByTestId('search-length').fill('3:07');
    await page.getByTestId('search-submit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="search-status"]')?.textContent === 'done', undefined, { timeout: 60_000 });
    const first = page.locator('[data-testid="accepted-table"] [data-testid^="download-"]').first();
    await first.waitFor();
    await first.click();
    // The "queued" toast links to the Downloads page.
    await page.locator('[data-testid="toast"]', { hasText: 'Queued' }).getByTestId('toast-link').click();
    await page.waitForURL(/\/downloads$/);

    const row = page.locator('[data-testid^="download-row-"]').first();
    await row.waitFor();
    downloadId = ((await row.getAttribute('data-testid')) ?? '').replace('download-row-', '');
    expect(await row.textContent()).toContain('Runaway Tonight');
    const t0 = Date.now();
    const seen = new Set<string>();
    // Record the states the row passes through (live, no reload) until it is done or failed.
    for (;;) {
      const state = (await row.getAttribute('data-state')) ?? '';
      seen.add(state);
      if (state === 'queued') {
        const place = (await page.getByTestId(`queue-place-${downloadId}`).textContent().catch(() => null)) ?? '';
        if (/Place \d+/.test(place)) seen.add('place');
      }
      if (state === 'downloading' && !seen.has('shot')) {
        seen.add('shot');
        await shot('downloads-03-downloading');
      }
      if (state === 'done' || state === 'failed' || Date.now() - t0 > 90_000) break;
      await page.waitForTimeout(100);
    }
    expect(await row.getAttribute('data-state')).toBe('done');
    // Seen live on the page: the peer's queue place, then the transfer, then the verification.
    // 'downloading' lasts a few seconds with the fake's timings and a tick every 2 s can miss it on a loaded machine.
    expect([...seen]).toEqual(expect.arrayContaining(['queued', 'done']));
    expect(await page.getByTestId(`state-${downloadId}`).textContent()).toBe('Done');
    console.info(`browser download: ${[...seen].filter((s) => s !== 'shot' && s !== 'place').join(' → ')} in ${Date.now() - t0} ms`);
    await shot('downloads-04-done');
  });

  it('shows the attempt in the details drawer and the finished filter', async () => {
    await page.getByTestId(`open-${downloadId}`).click();
    await page.waitForSelector('[data-testid="download-attempts"] tbody tr[data-testid^="attempt-"]');
    expect(await page.getByTestId('download-attempts').textContent()).toContain('succeeded');
    expect(await page.getByTestId('download-detail-path').textContent()).toContain(fake.downloadsDir);
    await shot('downloads-05-detail');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="download-detail"]', { state: 'detached' });

    await page.getByTestId('filter-done').click();
    await page.waitForURL(/state=done/);
    await page.waitForSelector(`[data-testid="download-row-${downloadId}"]`);
    await page.getByTestId('filter-failed').click();
    await page.waitForSelector('[data-testid="downloads-empty"]');
  });

  it('counts it on the dashboard, whose tiles open the filtered page', async () => {
    await page.getByTestId('nav-dashboard').click();
    await page.waitForSelector('[data-testid="tile-active-count"]');
    expect(await page.getByTestId('tile-active-count').textContent()).toBe('0');
    expect(await page.getByTestId('tile-failed-count').textContent()).toBe('0');
    await page.getByTestId('tile-failed').click();
    await page.waitForURL(/\/downloads\?state=failed$/);
    await page.waitForSelector('[data-testid="filter-failed"][aria-pressed="true"]');
  });

  it('blocks a peer by hand and unblocks it', async () => {
    await page.getByTestId('tab-blocklist').click();
    await page.waitForSelector('[data-testid="blocklist-empty"]');
    await page.getByTestId('blocklist-username').fill('decoy_uploader');
    await page.getByTestId('blocklist-reason').fill('mislabelled live versions');
    await page.getByTestId('blocklist-days').fill('7');
    await page.getByTestId('blocklist-submit').click();
    const entry = page.locator('[data-testid^="blocklist-row-"]').first();
    await entry.waitFor();
    expect(await entry.textContent()).toContain('decoy_uploader');
    await shot('downloads-06-blocklist');
    page.once('dialog', (d) => void d.accept());
    await page.locator('[data-testid^="blocklist-remove-"]').first().click();
    await page.waitForSelector('[data-testid="blocklist-empty"]');
  });

  it('fits a phone screen in dark mode', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await phone.context().addCookies(await page.context().cookies());
    const overflow = () => phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await phone.goto(`${app.url}/dashboard`);
    await phone.waitForSelector('[data-testid="tile-active-count"]');
    // The shell fits the screen (its top bar was 4 px too wide once), and the Downloads page must not widen it.
    const shellOverflow = await overflow();
    expect(shellOverflow).toBe(0);
    await phone.goto(`${app.url}/downloads?state=done`);
    await phone.waitForSelector(`[data-testid="download-row-${downloadId}"]`);
    expect(await overflow()).toBeLessThanOrEqual(shellOverflow);
    await phone.getByTestId(`open-${downloadId}`).click();
    await phone.waitForSelector('[data-testid="download-attempts"] tbody tr[data-testid^="attempt-"]');
    expect(await overflow()).toBeLessThanOrEqual(shellOverflow);
    await shot('downloads-08-phone-detail', phone);
    await phone.getByTestId('download-detail-close').click();
    await shot('downloads-07-phone-dark', phone);
    await phone.close();
  });

  it('had no JavaScript errors apart from expected failed requests', () => {
    expect(consoleErrors.filter((e) => !/Failed to load resource|status of 4\d\d/.test(e))).toEqual([]);
  });
});
