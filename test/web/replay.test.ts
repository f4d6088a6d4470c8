/**
 * Replay mode in Debian's Chromium against a fake backend serving recorded detector history: the replay bar loads a
 * range, says REPLAY loudly, and moving the slider changes a link's colour on the same map; back to live restores it.
 */
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DetectorSeries } from '@arterial/contracts/api/v1';
import { launchChromium, linkState, openApp, SCREENSHOT_DIR, startMapFixture, type DebugMap, type MapFixture } from './support/map-page';

const HOUR_MS = 3_600_000;
/** The recorded hour: free flow (48 km/h) in its first half, a jam (9 km/h) in its second. */
const RANGE_TO = Math.floor(Date.now() / 60_000) * 60_000 - HOUR_MS;
const RANGE_FROM = RANGE_TO - HOUR_MS;

function series(detectorId: string, query: URLSearchParams): DetectorSeries {
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  const stepS = Number(query.get('step'));
  const points = [];
  for (let ts = from; ts < to; ts += stepS * 1000) {
    const jam = ts >= RANGE_FROM + HOUR_MS / 2;
    points.push({ ts, volume: jam ? 2 : 12, occupancyPct: jam ? 70 : 9, speedKph: jam ? 9 : 48, samples: 1 });
  }
  return { detectorId, known: true, from, to, stepS, live: null, points };
}

/** `YYYY-MM-DDTHH:mm` in the browser's zone (the test runs Chromium in the machine's zone). */
function localInput(ms: number): string {
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

async function setSlider(page: Page, value: number): Promise<void> {
  await page.locator('[data-testid="replay-slider"]').evaluate((element, v) => {
    const input = element as unknown as { value: string; dispatchEvent(event: unknown): boolean };
    // React tracks the value it set; go through the native setter so the input event carries the change.
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')?.set;
    setter?.call(input, String(v));
    const EventClass = (globalThis as unknown as { Event: new (type: string, init: { bubbles: boolean }) => unknown }).Event;
    input.dispatchEvent(new EventClass('input', { bubbles: true }));
  }, value);
}

describe('replay mode', () => {
  let fixture: MapFixture;
  let browser: Browser;
  const errors: string[] = [];
  let linkId: string;

  beforeAll(async () => {
    fixture = await startMapFixture((pathname, query) => {
      const match = /^\/api\/detectors\/([^/]+)\/series$/.exec(pathname);
      return match ? series(decodeURIComponent(match[1] as string), query) : undefined;
    });
    browser = await launchChromium();
    const detector = fixture.network.model.features.find((f) => f.properties.kind === 'detector');
    if (!detector || detector.properties.kind !== 'detector') throw new Error('fixture has no detector');
    linkId = detector.properties.linkId;
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.server.close();
  });

  it.each([
    ['en-US', 'REPLAY', 'Back to live', 'en'],
    ['zh-CN', '回放', '返回实时', 'zh-CN'],
  ])('scrubs recorded history on the live map (%s)', async (locale, badge, backLabel, shot) => {
    const page = await openApp(browser, fixture.server.httpUrl, locale, errors);
    await page.locator('[data-network-ready="true"]').waitFor();
    // Live: no estimate for the link yet.
    expect((await linkState(page, linkId)).gbt).toBe(-1);

    await page.locator('[data-testid="replay-open"]').click();
    await page.locator('[data-testid="replay-from"]').fill(localInput(RANGE_FROM));
    await page.locator('[data-testid="replay-to"]').fill(localInput(RANGE_TO));
    await page.locator('[data-testid="replay-load"]').click();
    expect(await page.locator('[data-testid="replay-badge"]').textContent()).toBe(badge);

    await setSlider(page, RANGE_FROM + 10 * 60_000);
    await page.waitForFunction((id) => (globalThis as unknown as { __arterialMap: DebugMap }).__arterialMap.getFeatureState({ source: 'arterial-links', id }).gbt === 0, linkId);
    expect(await linkState(page, linkId)).toMatchObject({ gbt: 0, speed: 48, level: 'free' });

    await setSlider(page, RANGE_FROM + 50 * 60_000);
    await page.waitForFunction((id) => (globalThis as unknown as { __arterialMap: DebugMap }).__arterialMap.getFeatureState({ source: 'arterial-links', id }).gbt === 4, linkId);
    expect(await linkState(page, linkId)).toMatchObject({ gbt: 4, speed: 9, level: 'heavy' });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `replay-${shot}.png`) });

    // Playing at 3,600× runs through the rest of the hour in about a second.
    await page.locator('[data-testid="replay-speed"]').selectOption('3600');
    await page.locator('[data-testid="replay-play"]').click();
    await page.locator('[data-testid="replay-play"][aria-pressed="false"]').waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: backLabel }).click();
    await page.locator('[data-testid="replay-badge"]').waitFor({ state: 'detached' });
    await page.waitForFunction((id) => (globalThis as unknown as { __arterialMap: DebugMap }).__arterialMap.getFeatureState({ source: 'arterial-links', id }).gbt === -1, linkId);
    expect((await linkState(page, linkId)).level).toBe('free');
    await page.context().close();
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
