/**
 * The alert list in real headless Chromium against the real processor: a controller going offline raises a
 * critical alert that appears live with the header badge, is acknowledged with a note from the keyboard, leads to
 * its place on the map, and clears when the controller is back. Steps share one page and run in order.
 */
import type { Browser, Page } from 'playwright-core';
import { startBackend, type Backend } from './support/backend';
import { launchChromium, openPage, screenshot, waitForLiveApp } from './support/browser';

const CRITICAL_ROW = '[data-alert-row][data-severity="critical"]';

describe('alerts in the browser', () => {
  let backend: Backend;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // A short hold, so the test sees the clear seconds after the condition ends (default 60 s).
    backend = await startBackend({ env: { ALERT_CLEAR_HOLD_S: '2' } });
    browser = await launchChromium();
    page = (await openPage(browser, backend.httpUrl, { errors: consoleErrors })).page;
    await waitForLiveApp(page, consoleErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
  });

  it('shows a critical alert raised by the processor live, with the header badge', async () => {
    await page.getByTestId('view-alerts').click();
    await page.getByTestId('alerts-view').waitFor();
    expect(await page.getByTestId('critical-badge').getAttribute('data-count')).toBe('0');

    await backend.publishControllerOnline('I1', false);
    const row = page.locator(CRITICAL_ROW).first();
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute('data-state')).toBe('raised');
    expect(await row.textContent()).toContain('Controller offline · Shennan Blvd & Huaqiang Rd');
    await page.locator('[data-testid="critical-badge"][data-count="1"]').waitFor();
  });

  it('filters the list', async () => {
    await page.getByTestId('filter-severity').selectOption('warning');
    await page.locator(CRITICAL_ROW).waitFor({ state: 'detached' });
    await page.getByTestId('filter-severity').selectOption('all');
    await page.getByTestId('filter-text').fill('huaqiang');
    await page.locator(CRITICAL_ROW).waitFor();
    await page.getByTestId('filter-text').fill('no such place');
    await page.locator(CRITICAL_ROW).waitFor({ state: 'detached' });
    await page.getByTestId('filter-text').fill('');
  });

  it('refuses an acknowledgement without a note, then acknowledges from the keyboard with one', async () => {
    const row = page.locator(CRITICAL_ROW).first();
    await row.focus();
    await page.keyboard.press('a');
    const form = page.getByTestId('ack-form');
    await form.waitFor();
    await form.getByLabel('Operator').fill('Wang Li');
    await form.getByRole('button', { name: 'Acknowledge' }).click();
    await form.getByText('A note is required.').waitFor();
    expect(await row.getAttribute('data-state')).toBe('raised');

    await form.getByLabel('Note (required)').fill('Field crew dispatched to the cabinet');
    await page.keyboard.press('Enter');
    await page.locator(`${CRITICAL_ROW}[data-state="acknowledged"]`).waitFor();
    expect(await page.getByTestId('alert-ack').textContent()).toContain('Wang Li');
    expect(await page.getByTestId('alert-ack').textContent()).toContain('Field crew dispatched to the cabinet');
    await page.locator('[data-testid="critical-badge"][data-count="0"]').waitFor();
    await screenshot(page, 'alerts-en');
  });

  it('renders in Chinese', async () => {
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '告警', level: 2 }).waitFor();
    expect(await page.locator(CRITICAL_ROW).first().textContent()).toContain('信号机离线 · 深南大道与华强路');
    expect(await page.getByTestId('alert-state').first().textContent()).toBe('已确认');
    await screenshot(page, 'alerts-zh-CN');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Alerts', level: 2 }).waitFor();
  });

  it('shows the alert place on the map', async () => {
    await page.getByRole('button', { name: 'Show on map' }).click();
    await page.locator('[data-testid="intersection-details"]').waitFor();
    expect(await page.getByTestId('detail-title').textContent()).toBe('Shennan Blvd & Huaqiang Rd');
    expect(await page.getByTestId('view-map').getAttribute('aria-pressed')).toBe('true');
  });

  it('clears the alert once the controller is back', async () => {
    await page.getByTestId('view-alerts').click();
    await backend.publishControllerOnline('I1', true);
    await page.locator(`${CRITICAL_ROW}[data-state="cleared"]`).waitFor({ timeout: 30_000 });
    expect(await page.locator(`${CRITICAL_ROW}[data-state="cleared"]`).count()).toBe(1);
  });

  it('remembers the sound switch', async () => {
    expect(await page.getByTestId('alert-mute').getAttribute('aria-pressed')).toBe('false');
    await page.getByTestId('alert-mute').click();
    await page.reload();
    expect(await page.getByTestId('alert-mute').getAttribute('aria-pressed')).toBe('true');
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
