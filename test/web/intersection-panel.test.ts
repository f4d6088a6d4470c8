/**
 * The intersection panel in real headless Chromium against the real processor and virtual controllers (anonymous
 * mode: no sign-in): live phase-bar timing whose time to change counts down, the running plan, detector history
 * charts (ECharts) with the prediction, data quality, and the same panel in Chinese. Screenshots under test-output/.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openIntersection, openPage, screenshot, textOf, type WatchedPage } from './support/panel-browser';
import { startPanelBackend, type PanelBackend } from './support/panel-backend';

describe('intersection panel in the browser', () => {
  let backend: PanelBackend;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    backend = await startPanelBackend({ anonymous: true, name: 'web-panel', strategy: 'webster' });
    browser = await launchChromium();
    watched = await openPage(browser, `${backend.httpUrl}/`);
    page = watched.page;
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
  });

  it('opens without a login page in anonymous mode and says so in the header', async () => {
    await page.locator('[data-network-ready="true"]').waitFor();
    expect(await page.locator('[data-testid="login-page"]').count()).toBe(0);
    expect(await textOf(page, '[data-testid="user-name"]')).toBe('Anonymous (development)');
    expect(await textOf(page, '[data-testid="user-role"]')).toBe('Administrator');
  });

  it('shows live timing: the phase bar with its cursor, and a time to change that counts down', async () => {
    await openIntersection(page, /Shennan Blvd & Huaqiang Rd/);
    await page.locator('[data-testid="phase-bar"] svg rect').first().waitFor({ timeout: 20_000 });
    // A vertical line has no width, so Playwright calls it hidden; attached is what counts.
    await page.locator('[data-testid="cycle-cursor"]').waitFor({ state: 'attached' });
    const first = await textOf(page, '[data-testid="time-to-change"]');
    expect(first).toMatch(/^changes in \d+ s$/);
    await page.waitForFunction(
      (before) => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('[data-testid="time-to-change"]')?.textContent !== before,
      first,
      { timeout: 5_000 },
    );
    expect(await textOf(page, '[data-testid="active-phase"]')).toMatch(/^Phase [12] (Green|Yellow|Red)$/);
    // Two phases, each with its green, yellow and all-red drawn over the cycle.
    expect(await page.locator('[data-testid="phase-bar"] g[data-phase]').count()).toBe(2);
  });

  it('shows the running plan the engine sent, with its strategy, its explanation and the acknowledgement', async () => {
    // The engine (webster) plans the junction once its inputs arrive (estimation every 10 s here); the controller
    // acknowledges the plan at once and runs it from its next cycle boundary (its local plan's cycle is 60 s).
    await page.locator('[data-testid="plan-explanation"]').waitFor({ timeout: 120_000 });
    const planId = await textOf(page, '[data-testid="running-plan-id"]');
    expect(await textOf(page, '[data-testid="running-plan-strategy"]')).toMatch(/Webster|Time of day/);
    expect(await page.locator('[data-testid="plan-explanation"] tbody tr').count()).toBe(2);
    await page.locator(`[data-testid="plan-history"] tr[data-status="accepted"]`).first().waitFor({ timeout: 30_000 });
    expect(await textOf(page, '[data-testid="plan-history"] tbody')).toContain(planId ?? '');
  }, 180_000);

  it('draws history charts and lists the data quality of the junction detectors', async () => {
    for (const metric of ['volume', 'occupancyPct', 'speedKph']) await page.locator(`[data-testid="panel-chart-${metric}"] canvas`).waitFor({ timeout: 20_000 });
    const detectorIds = backend.network.model.features.filter((f) => f.properties.kind === 'detector' && f.properties.intersectionId === 'I1').map((f) => f.properties.id);
    expect(detectorIds.length).toBeGreaterThan(0);
    for (const id of detectorIds) await page.locator(`[data-testid="quality-${id}"]`).waitFor();
    await page.locator('[data-testid="override-controls"]').waitFor();
    await screenshot(page, 'intersection-panel-en');
    await page.locator('[data-testid="detector-charts"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'intersection-panel-charts-en');
  });

  it('shows the same panel in Chinese', async () => {
    await page.getByRole('button', { name: '中文' }).click();
    await page.waitForFunction(() => /秒后切换$/.test((globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('[data-testid="time-to-change"]')?.textContent ?? ''));
    expect(await textOf(page, '[data-testid="detail-title"]')).toBe('深南大道与华强路');
    expect(await page.getByRole('heading', { name: '信号配时' }).count()).toBe(1);
    await screenshot(page, 'intersection-panel-zh-CN');
  });

  it('leaves no English on screen in Chinese, in every main view (ids, names, units and acronyms aside)', async () => {
    const found: string[] = [];
    for (const view of ['map', 'alerts', 'indicators'] as const) {
      await page.locator(`[data-testid="view-${view}"]`).click();
      await page.waitForTimeout(1_500); // let the view fetch and render its data
      for (const word of await visibleLatinWords(page)) found.push(`${view}: ${word}`);
      await screenshot(page, `view-${view}-zh-CN`);
    }
    await page.locator('[data-testid="view-map"]').click();
    await page.getByRole('button', { name: 'English' }).click();
    expect(found).toEqual([]);
  });

  it('logged no console errors', () => {
    expect(watched.errors).toEqual([]);
  });
});

/** Latin words a Chinese screen may show: names, standards, units, acronyms and the map's attribution. */
const KEPT_IN_CHINESE = /^(Arterial|Webster|SCATS|GB\/T|TTI|KPI|CSV|OIDC|MQTT|HTTP|WebGL|ID|km|km\/h|h|s|y|min|ms|veh|pcu|Hz|MapLibre|OpenStreetMap|English|OK|[A-Z]{1,4}\d*)$/;

/**
 * Words of visible text in Latin letters that are not ids (an id has a digit, `-` or `_`), nor in the list above, nor
 * inside `translate="no"` (records such as audit actors and reasons, shown as logged): what is left is English a
 * translator missed, or a hard-coded string.
 */
async function visibleLatinWords(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { body: unknown; createTreeWalker(root: unknown, what: number): { nextNode(): { textContent: string | null; parentElement: { checkVisibility?(): boolean; closest(s: string): unknown } | null } | null } } }).document;
    const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
    const out: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('script,style,noscript,[translate="no"],.maplibregl-ctrl-attrib') || parent.checkVisibility?.() === false) continue;
      const text = node.textContent?.trim();
      if (text) out.push(text);
    }
    return out;
  });
  const words = texts.flatMap((text) => text.split(/[\s,;:：()（）、，。·|]+/)).filter((word) => /[A-Za-z]/.test(word));
  return [...new Set(words.filter((word) => !/[\d_-]/.test(word) && !KEPT_IN_CHINESE.test(word.replace(/[.…!?'"]+$/, ''))))];
}
