/**
 * The control-room app in real headless Chromium (never downloaded: Debian's /usr/bin/chromium), against the
 * built web/dist and the backend from support/backend.ts. The steps share one page and run in order.
 */
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startBackend, type Backend } from './support/backend';
import { launchChromium, openPage } from './support/browser';

// Kept with the other test results (git-ignored), for a person to look at after a run.
const SCREENSHOT = process.env.ARTERIAL_UI_SCREENSHOT ?? path.resolve(__dirname, '..', '..', 'data', 'test-results', 'control-room.png');

/** The slice of the MapLibre map the test calls through `window.__arterialMap` (the test has no DOM types). */
interface DebugMap {
  loaded(): boolean;
  once(type: 'idle', listener: () => void): unknown;
  queryRenderedFeatures(options: { layers: string[] }): { properties: Record<string, unknown> }[];
  getFeatureState(feature: { source: string; id: string }): Record<string, unknown>;
  project(lngLat: [number, number]): { x: number; y: number };
}
/** Browser globals used inside `page.evaluate` callbacks (typed here because the test project has no DOM lib). */
interface PageGlobals {
  __arterialMap?: DebugMap;
  document: { documentElement: { lang: string }; querySelector(selector: string): { textContent: string | null } | null };
}

/** Waits until the map has rendered everything pending, then returns the distinct ids drawn per layer. */
function renderedIds(page: Page): Promise<Record<'links' | 'intersections' | 'detectors', string[]>> {
  return page.evaluate(async () => {
    const map = (globalThis as unknown as PageGlobals).__arterialMap;
    if (!map) throw new Error('window.__arterialMap is not set (open the page with ?debug)');
    if (!map.loaded()) await new Promise<void>((resolve) => map.once('idle', () => resolve()));
    const ids = (layer: string) => [...new Set(map.queryRenderedFeatures({ layers: [layer] }).map((f) => String(f.properties.id)))].sort();
    return { links: ids('arterial-links'), intersections: ids('arterial-intersections'), detectors: ids('arterial-detectors') };
  });
}

function documentLang(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.lang);
}

function linkLevel(page: Page, linkId: string): Promise<unknown> {
  return page.evaluate((id) => (globalThis as unknown as PageGlobals).__arterialMap?.getFeatureState({ source: 'arterial-links', id }).level, linkId);
}

async function waitForText(page: Page, selector: string, expected: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(([sel, text]) => (globalThis as unknown as PageGlobals).document.querySelector(sel)?.textContent?.includes(text) ?? false, [selector, expected] as const, { timeout });
}

describe('control room in the browser', () => {
  let backend: Backend;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    backend = await startBackend();
    browser = await launchChromium();
    page = (await openPage(browser, `${backend.httpUrl}/?debug=1`, { errors: consoleErrors })).page;
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
  });

  it('loads the app with a map canvas and a live connection', async () => {
    await page.locator('canvas.maplibregl-canvas').waitFor();
    await page.locator('[data-network-ready="true"]').waitFor();
    await page.locator('[data-testid="connection-status"][data-state="open"]').waitFor();
    expect(await page.title()).toBe('Arterial control room');
    expect(await documentLang(page)).toBe('en');
  });

  it('draws the whole network from /api/network, links coloured by live occupancy', async () => {
    const features = backend.network.model.features;
    const expected = (kind: string) => features.filter((f) => f.properties.kind === kind).map((f) => f.properties.id).sort();
    const drawn = await renderedIds(page);
    expect(drawn.intersections).toEqual(expected('intersection'));
    expect(drawn.links).toEqual(expected('link'));
    expect(drawn.detectors).toEqual(expected('detector'));

    // Each detector sits on an inbound link; the backend starts them spread over the three congestion bands.
    const levels = new Set<unknown>();
    for (const f of features) if (f.properties.kind === 'detector') levels.add(await linkLevel(page, f.properties.linkId));
    expect([...levels].sort()).toEqual(['free', 'heavy', 'moderate']);
    await page.locator('[data-testid="kpi-accepted"]').filter({ hasNotText: '–' }).waitFor();
  });

  it('shows a clicked detector and updates its occupancy from a live delta', async () => {
    const detector = backend.network.model.features.find((f) => f.properties.kind === 'detector' && f.properties.id === 'D11');
    if (!detector || detector.properties.kind !== 'detector') throw new Error('fixture has no detector D11');
    const coordinates = detector.geometry.coordinates as [number, number];
    const point = await page.evaluate((lngLat) => (globalThis as unknown as PageGlobals).__arterialMap?.project(lngLat), coordinates);
    const box = await page.locator('canvas.maplibregl-canvas').boundingBox();
    if (!point || !box) throw new Error('map canvas not measurable');
    await page.mouse.click(box.x + point.x, box.y + point.y);

    await page.locator('[data-testid="detector-details"]').waitFor();
    expect(await page.locator('[data-testid="detail-title"]').textContent()).toBe('D11');
    await waitForText(page, '[data-testid="detector-occupancy"]', '8.0 %');
    await page.locator('[data-testid="chart-occupancy"] polyline').first().waitFor();
    // The backend's history has a four-bucket outage, which must show as a gap, not a line across it.
    expect(await page.locator('[data-testid="chart-occupancy"] polyline').count()).toBe(2);

    // Issue 10: a detector message published over MQTT recolours its link (the occupancy colouring) within 2 s.
    expect(await linkLevel(page, detector.properties.linkId)).not.toBe('heavy');
    const publishedAt = Date.now();
    await backend.publishMeasurement('D11', { occupancyPct: 63.5, volume: 41, speedKph: 12 });
    await page.waitForFunction(
      (id) => (globalThis as unknown as PageGlobals).__arterialMap?.getFeatureState({ source: 'arterial-links', id }).level === 'heavy',
      detector.properties.linkId,
      { timeout: 2_000 },
    );
    expect(Date.now() - publishedAt).toBeLessThanOrEqual(2_000);
    await waitForText(page, '[data-testid="detector-occupancy"]', '63.5 %');
    await waitForText(page, '[data-testid="detector-speed"]', '12 km/h');
    await page.screenshot({ path: SCREENSHOT });
  });

  it('shows an intersection with its signal phases from the list', async () => {
    await page.getByRole('button', { name: 'Back to list' }).click();
    await page.getByRole('button', { name: /Shennan Blvd & Yannan Rd/ }).click();
    await page.locator('[data-testid="intersection-details"]').waitFor();
    expect(await page.locator('[data-testid="detail-title"]').textContent()).toBe('Shennan Blvd & Yannan Rd');
    await waitForText(page, '[data-testid="intersection-mode"]', 'Fixed time');
    expect(await page.locator('[data-testid="phase-list"] li').count()).toBe(2);
    await page.locator('text=LAMP_OUT_P2_RED').waitFor();
    await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-intersection.png') });
  });

  it('switches to Chinese and back, and remembers the choice', async () => {
    await page.getByRole('button', { name: '中文' }).click();
    await waitForText(page, '[data-testid="detail-title"]', '深南大道与燕南路');
    await waitForText(page, '[data-testid="intersection-mode"]', '定时');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('交通控制中心');
    expect(await documentLang(page)).toBe('zh-CN');

    await page.reload();
    await page.locator('[data-network-ready="true"]').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('交通控制中心');
    await page.getByRole('button', { name: /深南大道与华强路/ }).waitFor();

    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Control room');
    await page.getByRole('button', { name: /Shennan Blvd & Huaqiang Rd/ }).waitFor();
    expect(await documentLang(page)).toBe('en');
  });

  it('starts in Chinese for a zh browser without a stored choice', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    try {
      const zhPage = await context.newPage();
      zhPage.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(`zh page: ${message.text()}`);
      });
      await zhPage.goto(backend.httpUrl);
      await zhPage.locator('[data-network-ready="true"]').waitFor();
      expect(await zhPage.getByRole('heading', { level: 1 }).textContent()).toBe('交通控制中心');
      expect(await zhPage.title()).toBe('Arterial 交通控制中心');
      expect(await documentLang(zhPage)).toBe('zh-CN');
    } finally {
      await context.close();
    }
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
