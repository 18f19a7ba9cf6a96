import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase } from '@soulspot/api/testing';
import { RunningApp, startApp } from './support/app-process';
import { launchChromium, screenshotDir } from './support/browser';

const AREAS = ['dashboard', 'playlists', 'library', 'downloads', 'search', 'automation', 'settings', 'system'] as const;
const PASSWORD = 'a long enough password';

describe('the web app in Chromium (built SPA served by the built api)', () => {
  let app: RunningApp;
  let drop: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const db = await createTestDatabase('browser');
    drop = db.drop;
    app = await startApp({ databaseUrl: db.url });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop('SIGTERM');
    await drop?.();
  });

  const shot = (name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });

  it('sends a first visitor to onboarding and creates the admin', async () => {
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/onboarding/);
    await shot('01-onboarding');
    await page.getByTestId('onboarding-username').fill('admin');
    await page.getByTestId('onboarding-password').fill('short');
    await page.getByTestId('onboarding-password-confirm').fill('short');
    await page.getByTestId('onboarding-submit').click();
    // Client-side validation keeps a too-short password from being sent.
    await expectVisibleText(page, /10 characters/);
    await page.getByTestId('onboarding-password').fill(PASSWORD);
    await page.getByTestId('onboarding-password-confirm').fill(PASSWORD);
    await page.getByTestId('onboarding-submit').click();
    await page.waitForURL(/\/dashboard/);
    await page.waitForSelector('[data-testid="live-indicator"][data-state="live"]');
    await expectText(page, 'current-user', 'admin');
  });

  it('navigates to every page from the menu and shows it', async () => {
    for (const area of AREAS) {
      await page.getByTestId(`nav-${area}`).click();
      await page.waitForURL(new RegExp(`/${area}$`));
      await page.waitForSelector(`[data-testid="nav-${area}"][aria-current="page"]`);
      await page.waitForLoadState('networkidle');
      await shot(`02-${area}`);
    }
    expect(await page.getByTestId('empty-state-downloads').isVisible()).toBe(false); // we are on System now
  });

  it('runs the self-check and shows its result live', async () => {
    await page.getByTestId('nav-system').click();
    await page.waitForSelector('[data-testid="readiness-status"]');
    await page.getByTestId('self-check-run').click();
    await page.waitForSelector('[data-testid="self-check-status"][data-status="passed"]', { timeout: 30_000 });
    expect(await page.locator('[data-testid^="self-check-step-"]').count()).toBe(5);
    await page.waitForSelector('[data-testid="worker-status"][data-status="alive"]');
    await shot('03-system-self-check');
  });

  it('saves settings, shows server validation errors and reveals the API key', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('general-instance-name').fill('Living Room');
    await page.getByTestId('general-submit').click();
    await page.waitForSelector('[data-testid="general-success"]');
    await expectText(page, 'instance-name', 'Living Room');
    await page.getByTestId('general-library-path').fill('relative/path');
    await page.getByTestId('general-submit').click();
    await expectVisibleText(page, /absolute path/);
    await page.getByTestId('api-key-show').click();
    // Rendering after a click is asynchronous (zoneless change detection): wait for it, don't sample it.
    await page.waitForSelector('[data-testid="api-key-value"][type="text"]');
    expect(await page.getByTestId('api-key-value').inputValue()).toMatch(/^ss_/);
    await shot('04-settings');
  });

  it('logs out, rejects a wrong password, and logs back in to the page asked for', async () => {
    await page.getByTestId('logout-button').click();
    await page.waitForURL(/\/login/);
    await page.goto(`${app.url}/system`);
    await page.waitForURL(/\/login\?returnUrl=%2Fsystem/);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('wrong password!');
    await page.getByTestId('login-submit').click();
    await page.waitForSelector('[data-testid="login-error"]');
    await shot('05-login-error');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/system$/);
  });

  it('works on a phone-sized screen and in dark mode', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(`${app.url}/dashboard`);
    await phone.waitForSelector('[data-testid="nav-toggle"]');
    // Nothing (the top bar included) is wider than the screen: no sideways scrolling.
    const overflow = () => phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);
    const background = await phone.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = (background.match(/\d+/g) ?? ['255', '255', '255']).map(Number);
    expect(r + g + b).toBeLessThan(200);
    await phone.screenshot({ path: join(screenshotDir, '06-phone-dark.png'), fullPage: true });
    await phone.getByTestId('nav-toggle').click();
    await phone.getByTestId('nav-settings').click();
    await phone.waitForURL(/\/settings$/);
    await phone.getByTestId('nav-toggle').waitFor();
    expect(await overflow()).toBe(0);
    await phone.close();
  });

  it('had no JavaScript errors apart from the expected failed requests', () => {
    const unexpected = consoleErrors.filter((e) => !/Failed to load resource|status of 4\d\d/.test(e));
    expect(unexpected).toEqual([]);
  });
});

async function expectVisibleText(page: Page, pattern: RegExp): Promise<void> {
  await page.waitForFunction((src) => new RegExp(src).test(document.body.innerText), pattern.source, { timeout: 10_000 });
}

async function expectText(page: Page, testId: string, text: string): Promise<void> {
  await page.waitForFunction(([id, t]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.includes(t) ?? false, [testId, text] as const, { timeout: 10_000 });
}
