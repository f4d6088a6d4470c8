/**
 * The indicator centre in real headless Chromium against the real processor: KPI cards and charts from stored
 * KPIs, CSV export of a chart, the detector quality heat map, and the live feed's KPIs once estimation has run.
 */
import * as fs from 'node:fs';
import type { Kpi } from '@arterial/contracts/api/v1';
import type { Browser, Page } from 'playwright-core';
import { startBackend, type Backend } from './support/backend';
import { launchChromium, openPage, screenshot, waitForLiveApp } from './support/browser';

const MINUTE = 60_000;

/** An hour of one-minute network KPIs ending at the last whole minute: a slowing morning. */
function kpiHistory(endMs: number): Kpi[] {
  const kpis: Kpi[] = [];
  for (let k = 59; k >= 0; k -= 1) {
    const speed = 45 - k / 3;
    kpis.push({
      areaId: 'network',
      ts: endMs - k * MINUTE,
      intervalS: 60,
      meanSpeedKph: speed,
      tti: 60 / speed,
      index: 2 + k / 15,
      level: 'basically-smooth',
      delayVehH: 1.5 + k / 40,
      congestedLinkKm: 0.2,
      detectorCompleteness: 0.95,
      meanQualityScore: 88,
      linksGraded: 4,
      linksTotal: 4,
      detectors: 8,
    });
  }
  return kpis;
}

/** Polls a chart's `data-points` (buckets drawn) until `ok` holds. */
async function waitForPoints(page: Page, testId: string, ok: (points: number) => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const points = Number(await page.getByTestId(testId).getAttribute('data-points'));
    if (ok(points)) return;
    if (Date.now() > deadline) throw new Error(`${testId} still has ${points} points`);
    await page.waitForTimeout(100);
  }
}

describe('indicator centre in the browser', () => {
  let backend: Backend;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // Estimation steps every 10 s instead of on the minute, so the live KPIs need not wait for a minute boundary.
    backend = await startBackend({ env: { ESTIMATION_PERIOD_S: '10' } });
    await backend.writeKpis(kpiHistory(Math.floor(Date.now() / MINUTE) * MINUTE));
    browser = await launchChromium();
    page = (await openPage(browser, backend.httpUrl, { viewport: { width: 1440, height: 1000 }, acceptDownloads: true, errors: consoleErrors })).page;
    await waitForLiveApp(page, consoleErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
  });

  it('shows KPI cards with the GB/T 33171 level and charts with the stored history', async () => {
    await page.getByTestId('view-indicators').click();
    await page.locator('[data-testid="kpi-card-meanSpeedKph"][data-has-value="true"]').waitFor();
    expect(await page.getByTestId('kpi-card-meanSpeedKph').textContent()).toMatch(/Mean speed\d+(\.\d)? km\/h/);
    expect(await page.getByTestId('kpi-level').textContent()).toMatch(/Mostly free|Free flow/);

    const chart = page.getByTestId('kpi-chart-meanSpeedKph');
    await waitForPoints(page, 'kpi-chart-meanSpeedKph', (n) => n >= 50);
    expect(await chart.locator('canvas').count()).toBe(1);
    expect(await page.getByTestId('kpi-chart-index').getAttribute('data-points')).toBe(await chart.getAttribute('data-points'));
  });

  it('exports a chart as CSV with ISO times and the contract field names', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('csv-meanSpeedKph').click();
    const file = await (await download).path();
    const lines = fs.readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('ts,areaId,meanSpeedKph,samples');
    expect(lines.length).toBeGreaterThanOrEqual(51);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z,network,\d+(\.\d+)?,\d+$/);
  });

  it('switches the range to six hours with coarser buckets', async () => {
    const before = Number(await page.getByTestId('kpi-chart-meanSpeedKph').getAttribute('data-points'));
    await page.getByTestId('range-6h').click();
    await waitForPoints(page, 'kpi-chart-meanSpeedKph', (n) => n > 0 && n < before);
    const after = Number(await page.getByTestId('kpi-chart-meanSpeedKph').getAttribute('data-points'));
    expect(after).toBeLessThan(before);
    expect(after).toBeGreaterThanOrEqual(25);
    await page.getByTestId('range-1h').click();
  });

  it('draws the detector quality heat map', async () => {
    const heatmap = page.getByTestId('quality-heatmap');
    await heatmap.locator('canvas').first().waitFor();
    expect(Number(await heatmap.getAttribute('data-cells'))).toBe(backend.network.detectorIds.length);
  });

  it('takes the latest KPIs from the live feed once estimation has run', async () => {
    // Estimation steps every ESTIMATION_PERIOD_S (10 s here); its KPIs reach the cards through /ws and the query cache.
    await page.getByText(/^Live, interval ending/).waitFor({ timeout: 30_000 });
    await screenshot(page, 'indicators-en');
  });

  it('renders in Chinese', async () => {
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '指标中心', level: 2 }).waitFor();
    expect(await page.getByTestId('kpi-card-meanSpeedKph').textContent()).toContain('平均速度');
    expect(await page.getByTestId('kpi-chart-index').textContent()).toContain('交通运行指数（GB/T 33171）');
    await screenshot(page, 'indicators-zh-CN');
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
