import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase } from '@soulspot/api/testing';
import { generateDefaultSlskdCatalogue, startFakeSlskd, type FakeSlskd } from '@soulspot/fakes';
import { RunningApp, startApp } from './support/app-process';
import { launchChromium, screenshotDir } from './support/browser';

const PASSWORD = 'a long enough password';

/** Connect slskd in Settings, then search Soulseek from the Search page: built api + worker, fake slskd, Chromium. */
describe('Soulseek search in Chromium (built processes, fake slskd)', () => {
  let app: RunningApp;
  let fake: FakeSlskd;
  let drop: () => Promise<void>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const db = await createTestDatabase('browser-soulseek');
    drop = db.drop;
    fake = await startFakeSlskd({ catalogue: generateDefaultSlskdCatalogue(), urlBase: '/slskd', timing: { searchResponseDelayMs: [20, 300] } });
    app = await startApp({ databaseUrl: db.url });
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

  it('points to the Soulseek settings until slskd is connected', async () => {
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/onboarding/);
    await page.getByTestId('onboarding-username').fill('admin');
    await page.getByTestId('onboarding-password').fill(PASSWORD);
    await page.getByTestId('onboarding-password-confirm').fill(PASSWORD);
    await page.getByTestId('onboarding-submit').click();
    await page.waitForURL(/\/dashboard/);
    await page.getByTestId('nav-search').click();
    await page.waitForSelector('[data-testid="search-not-configured"]');
    await shot('soulseek-01-not-configured');
    await page.getByTestId('search-settings-link').click();
    await page.waitForURL(/\/settings#soulseek$/);
  });

  it('saves the connection and shows what the connection test found', async () => {
    await page.getByTestId('slskd-url').fill(fake.url);
    await page.getByTestId('slskd-api-key').fill(fake.apiKey);
    await page.getByTestId('slskd-local-path').fill('/srv/slskd-downloads');
    await page.getByTestId('slskd-save').click();
    await page.waitForSelector('[data-testid="slskd-saved"]');
    expect(await page.getByTestId('slskd-api-key').inputValue()).toBe('');
    await page.getByTestId('slskd-test').click();
    await page.waitForSelector('[data-testid="slskd-test-result"]');
    const result = (await page.getByTestId('slskd-test-result').textContent()) ?? '';
    expect(result).toMatch(/logged in to Soulseek/);
    expect(result).toContain(fake.downloadsDir);
    await shot('soulseek-02-settings');
  });

  it('searches, follows the job live and shows ranked and rejected candidates with reasons', async () => {
    await page.getByTestId('nav-search').click();
    await page.waitForSelector('[data-testid="search-form"]');
    await page.getByTestId('search-artist').fill('The Velvet Foxes');
    await page.getByTestId('search-title').fill('Runaway Tonight');
    await page.getByTestId('search-length').fill('3:07');
    const t0 = Date.now();
    await page.getByTestId('search-submit').click();
    await page.waitForSelector('[data-testid="search-status"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="search-status"]')?.textContent === 'done', undefined, { timeout: 60_000 });
    await page.waitForSelector('[data-testid="accepted-table"] tbody tr');
    const wall = Date.now() - t0;
    const first = (await page.locator('[data-testid="accepted-table"] tbody tr').first().textContent()) ?? '';
    expect(first).toMatch(/Runaway Tonight/);
    expect(first).not.toMatch(/Brixton/i);
    await page.locator('[data-testid="rejected-details"] summary').click();
    const rejected = (await page.getByTestId('rejected-table').textContent()) ?? '';
    expect(rejected).toMatch(/Different version/);
    expect(await page.getByTestId('search-steps').textContent()).toContain('the velvet foxes runaway tonight');
    // Every ranked candidate can be queued from here (the Downloads browser test follows one to Done).
    expect(await page.locator('[data-testid="accepted-table"] button', { hasText: /^Download$/ }).count()).toBe(await page.locator('[data-testid="accepted-table"] tbody tr').count());
    await shot('soulseek-03-results');
    console.info(`browser search (8 s slskd idle timeout) finished in ${wall} ms`);
  });
});
