/** Steps the panel and override browser tests share, on top of the browser suites' Chromium helpers (browser.ts). */
import type { Page } from 'playwright-core';

export { launchChromium, openPage, screenshot, type WatchedPage } from './browser';

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.locator('[data-testid="login-page"]').waitFor();
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="user-menu"]').waitFor();
}

export async function openIntersection(page: Page, name: RegExp): Promise<void> {
  await page.locator('[data-network-ready="true"]').waitFor();
  await page.getByRole('button', { name }).first().click();
  await page.locator('[data-testid="intersection-details"]').waitFor();
}

/** Text of the first element matching `selector`, or null when there is none. */
export async function textOf(page: Page, selector: string): Promise<string | null> {
  const locator = page.locator(selector).first();
  return (await locator.count()) === 0 ? null : locator.textContent();
}
