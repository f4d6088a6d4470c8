/**
 * Replay mode in Debian's Chromium against a fake backend serving recorded history: the replay bar loads a range, says
 * REPLAY loudly (the header's connection badge too), and moving the slider changes a link's colour (the processor's
 * stored estimate where there is one, else derived from detectors, with a notice) and a junction's mode and phase on
 * the same map; the intersection panel's charts (with the stored predictions), plan history, data quality and
 * controller status follow the replay time (status says "not recorded" before the first one stored); back to live
 * restores them.
 */
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ControllerStatusHistory, DailyQualityAnswer, DetectorSeries, DispatchedPlan, LinkEstimateHistory, PlanList, SignalStateHistory } from '@arterial/contracts/api/v1';
import type { IntersectionProperties } from '@arterial/contracts/network';
import { launchChromium, linkState, openApp, SCREENSHOT_DIR, startMapFixture, type DebugMap, type MapFixture } from './support/map-page';
import { panelAnswer, storedPredictions } from './support/replay-panel-api';

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

/** A replay run's database, as `GET /api/replay-sources` lists it. */
const RUN = 'arterial_replay_what_if';

/**
 * Stored estimates of the link: none in the first half hour (the processor was not running), then a jam; the replay
 * run estimated it worse (8 km/h, seriously congested).
 */
function linkEstimates(linkId: string, query: URLSearchParams): LinkEstimateHistory {
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  const stepS = Number(query.get('step'));
  const run = query.get('source') === RUN;
  const points = [];
  for (let ts = Math.max(from, RANGE_FROM + HOUR_MS / 2); ts < to; ts += 60_000) {
    points.push(run ? { ts, level: 'seriously-congested' as const, tti: 5, speedKph: 8, flowVph: 200, samples: 1 } : { ts, level: 'moderately-congested' as const, tti: 2.5, speedKph: 17, flowVph: 300, samples: 1 });
  }
  return { from, to, stepS, links: [{ linkId, points }] };
}

/** A junction on its fixed plan `planId` with phase `green` green in the first half hour, flashing in the second. */
function signalStates(intersectionId: string, planId: string, green: number, query: URLSearchParams): SignalStateHistory {
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  const stepS = Number(query.get('step'));
  const points = [];
  for (let ts = from; ts < to; ts += stepS * 1000) {
    const flash = ts >= RANGE_FROM + HOUR_MS / 2;
    points.push({ ts, mode: flash ? ('flash' as const) : ('fixed' as const), planId, cycleS: flash ? 0 : 60, cycleSecond: 0, greenPhases: flash ? [] : [green] });
  }
  return { from, to, stepS, intersections: [{ intersectionId, points }] };
}

/** The junction's stored status: none before minute 20, online then (firmware ctl 3.0), with a lamp fault from minute 45. */
function controllerStatus(intersectionId: string, query: URLSearchParams): ControllerStatusHistory {
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  const stepS = Number(query.get('step'));
  const points = [
    { ts: RANGE_FROM + 20 * 60_000, online: true, firmware: 'ctl 3.0', faults: [] },
    { ts: RANGE_FROM + 45 * 60_000, online: true, firmware: 'ctl 3.0', faults: ['lamp-out'] },
  ].filter((p) => p.ts >= from && p.ts < to);
  return { from, to, stepS, intersections: [{ intersectionId, before: null, points }] };
}

/** Two plans the centre sent in the recorded hour, 5 and 40 minutes in, each accepted a second or two later. */
function plans(junction: IntersectionProperties): PlanList {
  const fallback = junction.fallbackPlan!;
  const sent = (planId: string, minute: number): DispatchedPlan => {
    const sentAt = RANGE_FROM + minute * 60_000;
    const plan = { planId, issuedAt: sentAt, expiresAt: sentAt + HOUR_MS, cycleS: fallback.cycleS, offsetS: fallback.offsetS, splits: fallback.splits, reason: 'replay test' };
    return { intersectionId: junction.id, plan, status: 'accepted', sentAt, ackedAt: sentAt + 1_500, ackReason: null };
  };
  return { intersectionId: junction.id, plans: [sent('centre-late', 40), sent('centre-early', 5)] };
}

/** A daily quality report, score 73, for every detector on the day asked for. */
function dailyQuality(detectorIds: readonly string[], query: URLSearchParams): DailyQualityAnswer {
  const day = query.get('from') ?? '';
  const report = { day, score: 73, completeness: 0.9, status: 'suspect' as const, faults: [], warnings: [] };
  return { days: [day], detectors: detectorIds.map((detectorId) => ({ detectorId, days: [report] })) };
}

/** `YYYY-MM-DD` of the local day (the test runs Chromium in the machine's zone). */
function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function waitForState(page: Page, source: string, id: string, key: string, value: unknown): Promise<void> {
  await page.waitForFunction(
    ([s, i, k, v]) => (globalThis as unknown as { __arterialMap: DebugMap }).__arterialMap.getFeatureState({ source: s as string, id: i as string })[k as string] === v,
    [source, id, key, value] as const,
  );
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

/** Polls `check` until it holds (the replayed clock reaches the page within a frame or two). */
async function expectSoon(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${timeoutMs} ms: ${check.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('replay mode', () => {
  let fixture: MapFixture;
  let browser: Browser;
  const errors: string[] = [];
  let linkId: string;
  let intersectionId: string;
  let greenPhase: number;
  let planId: string;
  let junctionName: { en: string; zh: string };
  let junctionProperties: IntersectionProperties;

  beforeAll(async () => {
    fixture = await startMapFixture((pathname, query) => {
      if (pathname === '/api/links/estimates') return linkEstimates(linkId, query);
      if (pathname === '/api/replay-sources') return { sources: [RUN] };
      if (pathname === '/api/signal-states') return signalStates(intersectionId, planId, greenPhase, query);
      if (pathname === '/api/controller-status') return controllerStatus(intersectionId, query);
      if (pathname === `/api/intersections/${encodeURIComponent(intersectionId)}/plans`) return plans(junctionProperties);
      if (pathname === '/api/quality/daily') return dailyQuality(fixture.network.detectorIds, query);
      const match = /^\/api\/detectors\/([^/]+)\/series$/.exec(pathname);
      return match ? series(decodeURIComponent(match[1] as string), query) : (storedPredictions(pathname, query) ?? panelAnswer(fixture.network.model, pathname));
    });
    browser = await launchChromium();
    const detector = fixture.network.model.features.find((f) => f.properties.kind === 'detector');
    if (!detector || detector.properties.kind !== 'detector') throw new Error('fixture has no detector');
    linkId = detector.properties.linkId;
    const junction = fixture.network.model.features.find((f) => f.properties.kind === 'intersection');
    if (!junction || junction.properties.kind !== 'intersection') throw new Error('fixture has no intersection');
    intersectionId = junction.properties.id;
    junctionProperties = junction.properties;
    greenPhase = junction.properties.phases[1]!.id;
    // The junction runs its local plan, so the panel knows its timing without a plan from the centre.
    planId = junction.properties.fallbackPlan!.planId;
    junctionName = { en: junction.properties.name, zh: junction.properties.nameZh ?? junction.properties.name };
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.server.close();
  });

  // English replays the recorded history, Chinese a replay run's estimates.
  it.each([
    ['en-US', '', 'REPLAY', 'Replay', 'Back to live', { gbt: 3, speed: 17, tti: 2.5 }, 'en', { status: 'Not recorded in replay', online: 'Online' }],
    ['zh-CN', RUN, '回放', '回放', '返回实时', { gbt: 4, speed: 8, tti: 5 }, 'zh-CN', { status: '回放中无记录', online: '在线' }],
  ])('scrubs recorded history on the live map (%s, source "%s")', async (locale, source, badge, connectionLabel, backLabel, stored, shot, status) => {
    const page = await openApp(browser, fixture.server.httpUrl, locale, errors);
    await page.locator('[data-network-ready="true"]').waitFor();
    // Live: no estimate for the link yet.
    expect((await linkState(page, linkId)).gbt).toBe(-1);

    await page.locator('[data-testid="replay-open"]').click();
    await page.locator('[data-testid="replay-from"]').fill(localInput(RANGE_FROM));
    await page.locator('[data-testid="replay-to"]').fill(localInput(RANGE_TO));
    await page.locator(`[data-testid="replay-source"] option[value="${RUN}"]`).waitFor({ state: 'attached' });
    await page.locator('[data-testid="replay-source"]').selectOption(source);
    await page.locator('[data-testid="replay-load"]').click();
    expect(await page.locator('[data-testid="replay-badge"]').textContent()).toBe(badge);
    const connection = page.locator('[data-testid="connection-status"]');
    expect(await connection.getAttribute('data-state')).toBe('replay');
    expect(await connection.locator('[aria-hidden="true"]').last().textContent()).toBe(connectionLabel);

    // No stored estimates yet: the colour is derived from the detectors (free flow at 48 km/h), and the bar says so.
    await setSlider(page, RANGE_FROM + 10 * 60_000);
    await waitForState(page, 'arterial-links', linkId, 'gbt', 0);
    expect(await linkState(page, linkId)).toMatchObject({ gbt: 0, speed: 48, level: 'free' });
    await page.locator('[data-testid="replay-derived"]').waitFor();
    await waitForState(page, 'arterial-intersections', intersectionId, 'status', 'fixed');
    await waitForState(page, 'arterial-intersections', intersectionId, 'phase', greenPhase);
    // The panel's timing is the replayed state's: its phase green, the cycle cursor running on the plan.
    await page.getByRole('button', { name: new RegExp(locale === 'zh-CN' ? junctionName.zh : junctionName.en) }).first().click();
    await page.locator('[data-testid="cycle-cursor"]').waitFor({ state: 'attached' });
    expect(await page.locator('[data-testid="active-phase"]').textContent()).toContain(String(greenPhase));
    // Playing at 1×, inside one bucket: the cursor and the countdown (600 s at most) move with the replay's clock.
    // The panel's history is the replayed hour's: charts up to the replay time, plans sent by then, that day's quality.
    const chartTo = () => page.locator('[data-testid="panel-chart-volume"]').getAttribute('data-to');
    const planRows = page.locator('[data-testid="plan-history"] tbody tr');
    await expectSoon(async () => (await chartTo()) === String(RANGE_FROM + 10 * 60_000));
    await expectSoon(async () => (await planRows.count()) === 1);
    expect(await planRows.first().textContent()).toContain('centre-early');
    expect(await page.locator('[data-testid="detector-quality"]').getAttribute('data-day')).toBe(localDay(RANGE_FROM + 10 * 60_000));
    await expectSoon(async () => (await page.locator('[data-testid="detector-quality"] tbody tr td').nth(1).textContent()) === '73');
    // The stored predictions 15 minutes ahead, one a minute, aimed at the hour shown: 75 made in the 75 minutes before.
    const forecasts = () => page.locator('[data-testid="panel-chart-volume"]').getAttribute('data-forecasts');
    await expectSoon(async () => (await forecasts()) === '75');
    // No controller status stored yet at minute 10: the panel says so, not now's values; the header counts none online.
    const total = fixture.network.model.features.filter((f) => f.properties.kind === 'intersection').length;
    expect(await page.locator('[data-testid="intersection-online"]').textContent()).toBe(status.status);
    expect(await page.locator('[data-testid="intersection-firmware"]').textContent()).toBe(status.status);
    expect(await page.locator('[data-testid="kpi-controllers"]').textContent()).toBe(`0 / ${total}`);
    const firstNumber = async (testId: string) => Number(/\d+/.exec((await page.locator(`[data-testid="${testId}"]`).textContent()) ?? '')?.[0] ?? NaN);
    expect(await firstNumber('cycle-second')).toBe(0);
    await page.locator('[data-testid="replay-speed"]').selectOption('1');
    await page.locator('[data-testid="replay-play"]').click();
    await expectSoon(async () => (await firstNumber('cycle-second')) >= 2);
    await page.locator('[data-testid="replay-play"]').click();
    const second = await firstNumber('cycle-second');
    expect(second).toBeLessThan(10);
    expect(await firstNumber('time-to-change')).toBeGreaterThanOrEqual(600 - second - 1);
    expect(await firstNumber('time-to-change')).toBeLessThanOrEqual(600 - second + 1);

    // Minute 30: the status stored at minute 20, online with its firmware, in the panel and the header's count.
    await setSlider(page, RANGE_FROM + 30 * 60_000);
    await expectSoon(async () => (await page.locator('[data-testid="intersection-online"]').textContent()) === status.online);
    expect(await page.locator('[data-testid="intersection-firmware"]').textContent()).toBe('ctl 3.0');
    expect(await page.locator('[data-testid="kpi-controllers"]').textContent()).toBe(`1 / ${total}`);

    // Stored estimates: the processor's (or the run's) level and speed, not those derived from the detectors' 9 km/h.
    await setSlider(page, RANGE_FROM + 50 * 60_000);
    await waitForState(page, 'arterial-links', linkId, 'speed', stored.speed);
    expect(await linkState(page, linkId)).toMatchObject({ ...stored, level: 'heavy' });
    expect(await page.locator('[data-testid="replay-run"]').count()).toBe(source === '' ? 0 : 1);
    await page.locator('[data-testid="replay-derived"]').waitFor({ state: 'detached' });
    await waitForState(page, 'arterial-intersections', intersectionId, 'status', 'flash');
    await waitForState(page, 'arterial-intersections', intersectionId, 'phase', 0);
    await page.locator('[data-testid="timing-suspended"]').waitFor();
    await expectSoon(async () => (await chartTo()) === String(RANGE_FROM + 50 * 60_000));
    await expectSoon(async () => (await planRows.count()) === 2);
    // Minute 50: still online, with the fault reported at minute 45.
    expect(await page.locator('[data-testid="intersection-online"]').textContent()).toBe(status.online);
    expect(await page.locator('[data-testid="intersection-faults"]').textContent()).toBe('lamp-out');
    expect(await page.locator('[data-testid="kpi-controllers"]').textContent()).toBe(`1 / ${total}`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `replay-${shot}.png`) });
    // The alert list is not replayed: while replaying it says it is live.
    await page.locator('[data-testid="view-alerts"]').click();
    await page.locator('[data-testid="alerts-live-notice"]').waitFor();
    await page.locator('[data-testid="view-map"]').click();
    await page.locator('[data-testid="replay-badge"]').waitFor();

    // Playing at 3,600× runs through the rest of the hour in about a second.
    await page.locator('[data-testid="replay-speed"]').selectOption('3600');
    await page.locator('[data-testid="replay-play"]').click();
    await page.locator('[data-testid="replay-play"][aria-pressed="false"]').waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: backLabel }).click();
    await page.locator('[data-testid="replay-badge"]').waitFor({ state: 'detached' });
    await waitForState(page, 'arterial-links', linkId, 'gbt', -1);
    expect((await linkState(page, linkId)).level).toBe('free');
    expect(await connection.getAttribute('data-state')).toBe('open');
    expect(await page.locator('[data-testid="alerts-live-notice"]').count()).toBe(0);
    await expectSoon(async () => (await page.locator('[data-testid="intersection-online"]').textContent()) !== status.status);
    expect(await page.locator('[data-testid="intersection-firmware"]').textContent()).not.toBe('ctl 3.0');
    // Live: the latest prediction (none from this backend), not the stored ones.
    await expectSoon(async () => (await forecasts()) === '0');
    await page.context().close();
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
