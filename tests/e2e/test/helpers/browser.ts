import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it); playwright-core drives it and never downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

export interface Browser {
  page: Page;
  context: BrowserContext;
  /** Requests the page made to anywhere but the service under test. */
  offsite: string[];
  /** Errors the page threw or logged. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile, every host but loopback unresolvable
 * and nothing running in the background, on a laptop-sized window.
 */
export async function openBrowser(baseUrl: string): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const offsite: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(baseUrl) && !url.startsWith('blob:') && !url.startsWith('data:')) offsite.push(url);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return {
    page,
    context,
    offsite,
    errors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where `npm run console:screenshots` asks the console tests to save their pictures; unset in ordinary runs. */
export const SCREENSHOT_DIR = process.env.CONSOLE_SCREENSHOTS ? path.resolve(process.env.CONSOLE_SCREENSHOTS) : null;

export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOT_DIR) return;
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, baseUrl: string, kind: 'tenant' | 'operator', secret: string): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel(kind === 'tenant' ? 'Tenant (API key)' : 'Operator (operator token)').check();
  await page.getByLabel(kind === 'tenant' ? 'API key' : 'Operator token', { exact: true }).fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
