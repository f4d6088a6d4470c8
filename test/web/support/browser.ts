/** Debian's Chromium (never downloaded) for the browser suites, and where their screenshots go. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Git-ignored; screenshots are generated for people to look at, never committed. */
export const TEST_OUTPUT = path.resolve(__dirname, '..', '..', '..', 'test-output');

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  const file = path.join(TEST_OUTPUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects console errors and uncaught page errors, which a suite then expects to be none. */
export function collectErrors(page: Page, into: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') into.push(message.text());
  });
  page.on('pageerror', (error) => into.push(`page error: ${error.message}`));
}

/** Waits for the live feed to open, failing with what the page shows instead (a login page, an error). */
export async function waitForLiveApp(page: Page, errors: readonly string[] = [], timeout = 30_000): Promise<void> {
  try {
    await page.locator('[data-testid="connection-status"][data-state="open"]').waitFor({ timeout });
  } catch (error) {
    const shown = await page.locator('body').innerText().catch(() => '(no body)');
    throw new Error(`the control room did not come up live; the page shows: ${shown.slice(0, 500)}; errors: ${errors.join(' | ')}`, { cause: error });
  }
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors (and, with `httpErrors`, responses of 400 and above). */
  errors: string[];
}

/** A fresh context (its own sessionStorage, so its own sign-in) on `url`, its errors collected from the first request. */
export async function openPage(
  browser: Browser,
  url: string,
  options: { locale?: string; viewport?: { width: number; height: number }; acceptDownloads?: boolean; errors?: string[]; httpErrors?: boolean } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 }, locale: options.locale ?? 'en-US', acceptDownloads: options.acceptDownloads ?? false });
  const page = await context.newPage();
  const errors = options.errors ?? [];
  collectErrors(page, errors);
  if (options.httpErrors) {
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`HTTP ${response.status()} ${response.url()}`);
    });
  }
  await page.goto(url);
  return { context, page, errors };
}
