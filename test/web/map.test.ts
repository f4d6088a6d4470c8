/**
 * The live map in Debian's Chromium against a fake backend (test/support/fake-live-server.ts) whose /ws the test drives:
 * the whole network drawn with its labels (glyphs shipped with the app), link colours by GB/T level, TTI, speed or
 * occupancy with a legend that follows, the prediction overlay and its horizon, recolouring within 2 s of a live
 * message, and a clear message with working lists when the browser has no WebGL. The MQTT-to-map path through the
 * real processor is control-room.test.ts.
 */
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { detectorLive, launchChromium, linkState, openApp, renderedIds, SCREENSHOT_DIR, startMapFixture, type DebugMap, type MapFixture } from './support/map-page';

describe('live map', () => {
  let fixture: MapFixture;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    fixture = await startMapFixture();
    browser = await launchChromium();
    page = await openApp(browser, fixture.server.httpUrl, 'en-US', errors);
    await page.locator('[data-network-ready="true"]').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.server.close();
  });

  it('draws every link, intersection and detector, and street and junction names from the model', async () => {
    const ids = (kind: string) => fixture.network.model.features.filter((f) => f.properties.kind === kind).map((f) => f.properties.id).sort();
    expect(await renderedIds(page, 'arterial-links')).toEqual(ids('link'));
    expect(await renderedIds(page, 'arterial-intersections')).toEqual(ids('intersection'));
    expect(await renderedIds(page, 'arterial-detectors')).toEqual(ids('detector'));
    // Symbols appear only once their glyphs loaded from /glyphs (no CDN): labels prove the shipped font works.
    expect((await renderedIds(page, 'arterial-intersection-labels')).length).toBeGreaterThan(0);
    expect((await renderedIds(page, 'arterial-link-labels')).length).toBeGreaterThan(0);
  });

  it('colours a link by its GB/T level, then by TTI and speed, with the legend following the switch', async () => {
    const linkId = fixture.linkIds[0] as string;
    const now = Date.now();
    fixture.server.broadcast({ type: 'estimates', serverTime: now, ts: now, links: [{ id: linkId, level: 'seriously-congested', tti: 3.4, speedKph: 12, provenance: 'measured' }] });
    await page.waitForFunction((id) => (globalThis as unknown as { __arterialMap: DebugMap }).__arterialMap.getFeatureState({ source: 'arterial-links', id }).gbt === 4, linkId, { timeout: 2_000 });
    expect(await linkState(page, linkId)).toMatchObject({ gbt: 4, tti: 3.4, speed: 12 });
    expect(await page.locator('[data-testid="map-legend"] li').first().textContent()).toBe('Smooth');

    for (const [mode, key, firstEntry] of [
      ['tti', 'tti', '< 1.2'],
      ['speed', 'speed', '50 km/h'],
      ['occupancy', 'level', 'Free flow (< 15 %)'],
    ] as const) {
      await page.locator(`[data-testid="color-mode"] button[data-mode="${mode}"]`).click();
      await page.locator(`[data-testid="map-legend"][data-mode="${mode}"]`).waitFor();
      expect(await page.locator('[data-testid="map-legend"] li').first().textContent()).toBe(firstEntry);
      const paint = await page.evaluate(() => JSON.stringify((globalThis as unknown as { __arterialMap: DebugMap }).__arterialMap.getPaintProperty('arterial-links', 'line-color')));
      expect(paint).toContain(`["feature-state","${key}"]`);
    }
    await page.locator('[data-testid="color-mode"] button[data-mode="level"]').click();
  });

  it('recolours a link within 2 s of a live detector message', async () => {
    await page.locator('[data-testid="color-mode"] button[data-mode="occupancy"]').click();
    const detectorId = fixture.network.detectorIds[0] as string;
    const detector = fixture.network.model.features.find((f) => f.properties.id === detectorId && f.properties.kind === 'detector');
    if (!detector || detector.properties.kind !== 'detector') throw new Error('fixture has no detector');
    const linkId = detector.properties.linkId;
    expect((await linkState(page, linkId)).level).toBe('free');
    const now = Date.now();
    fixture.server.broadcast({ type: 'delta', serverTime: now, detectors: [detectorLive(detectorId, 64, now)], intersections: [] });
    await page.waitForFunction((id) => (globalThis as unknown as { __arterialMap: DebugMap }).__arterialMap.getFeatureState({ source: 'arterial-links', id }).level === 'heavy', linkId, { timeout: 2_000 });
    await page.locator('[data-testid="color-mode"] button[data-mode="level"]').click();
  });

  it('overlays the predicted level at the chosen horizon', async () => {
    const linkId = fixture.linkIds[1] as string;
    const now = Date.now();
    fixture.server.broadcast({
      type: 'predictions',
      serverTime: now,
      ts: now,
      links: [
        {
          id: linkId,
          horizons: [
            { horizonMin: 5, level: 'smooth', confidence: 0.9 },
            { horizonMin: 15, level: 'lightly-congested', confidence: 0.7 },
            { horizonMin: 30, level: 'moderately-congested', confidence: 0.6 },
            { horizonMin: 60, level: 'seriously-congested', confidence: 0.5 },
          ],
        },
      ],
    });
    await page.waitForFunction((id) => (globalThis as unknown as { __arterialMap: DebugMap }).__arterialMap.getFeatureState({ source: 'arterial-links', id }).p60 === 4, linkId, { timeout: 2_000 });
    expect(await linkState(page, linkId)).toMatchObject({ p5: 0, p15: 2, p30: 3, p60: 4 });
    const overlay = () =>
      page.evaluate(() => {
        const map = (globalThis as unknown as { __arterialMap: DebugMap }).__arterialMap;
        return { visibility: map.getLayoutProperty('arterial-link-prediction', 'visibility'), color: JSON.stringify(map.getPaintProperty('arterial-link-prediction', 'line-color')) };
      });
    expect((await overlay()).visibility).toBe('none');
    await page.locator('[data-testid="prediction-toggle"]').check();
    await page.locator('[data-testid="prediction-horizon"]').selectOption('60');
    await page.locator('text=Dashed: predicted level in 60 min').waitFor();
    const shown = await overlay();
    expect(shown.visibility).toBe('visible');
    expect(shown.color).toContain('["feature-state","p60"]');
    expect((await renderedIds(page, 'arterial-link-prediction')).length).toBe(fixture.linkIds.length);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'map-en.png') });
  });

  it('labels the map in Chinese after the language switch', async () => {
    await page.getByRole('button', { name: '中文' }).click();
    await page.locator('[data-testid="color-mode"] button[data-mode="level"]', { hasText: '国标等级' }).waitFor();
    const field = await page.evaluate(() => JSON.stringify((globalThis as unknown as { __arterialMap: DebugMap }).__arterialMap.getLayoutProperty('arterial-intersection-labels', 'text-field')));
    expect(field).toContain('nameZh');
    await page.evaluate(() => new Promise<void>((resolve) => (globalThis as unknown as { __arterialMap: DebugMap }).__arterialMap.once('idle', () => resolve())));
    expect((await renderedIds(page, 'arterial-intersection-labels')).length).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'map-zh-CN.png') });
    await page.getByRole('button', { name: 'English' }).click();
  });

  it('logged no console errors (a missing glyph range would be one)', () => {
    expect(errors).toEqual([]);
  });
});

describe('map without WebGL', () => {
  let fixture: MapFixture;
  let browser: Browser;

  beforeAll(async () => {
    fixture = await startMapFixture();
    browser = await launchChromium(['--disable-webgl', '--disable-3d-apis', '--disable-software-rasterizer']);
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.server.close();
  });

  it.each([
    ['en-US', 'This browser cannot draw the map', /Shennan Blvd & Yannan Rd/],
    ['zh-CN', '此浏览器无法绘制地图', /深南大道与燕南路/],
  ])('says why the map is missing (%s) and the lists still work', async (locale, title, intersection) => {
    const errors: string[] = [];
    const page = await openApp(browser, fixture.server.httpUrl, locale, errors);
    const message = page.locator('[data-testid="map-unavailable"]');
    await message.waitFor();
    expect(await message.locator('h2').textContent()).toBe(title);
    expect(await page.locator('canvas.maplibregl-canvas').count()).toBe(0);
    await page.getByRole('button', { name: intersection }).click();
    await page.locator('[data-testid="intersection-details"]').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `map-no-webgl-${locale}.png`) });
    await page.context().close();
  });
});
