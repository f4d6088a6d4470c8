/**
 * `npx tsc -b test && npm run build -w web && npm run bench:web`: the built control-room app in Debian's Chromium
 * (playwright-core, never a downloaded browser) against a fake backend (test/support/fake-live-server.ts) with a
 * generated city of 5,040 links and 5,040 detectors; every second the feed sends new values for every link
 * (`estimates`), every detector (`delta`) and every intersection's signal state. Measures, over --seconds (default 60)
 * after a warm-up: frame times from requestAnimationFrame deltas, long tasks (PerformanceObserver), JS heap.
 * Repeats --runs times (default 1); the last stdout line is JSON with the medians over runs:
 * `{"frameMsP50","frameMsP95","frameMsP99","longTasksPerMin","heapMb"}`. Options: --runs --seconds --side --warmup-seconds --profile (top self-time functions)
 * WEB_DIST overrides the web build directory (default web/dist).
 */
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import type { DetectorLive, IntersectionLive, LinkLive, ServerMessage } from '@arterial/contracts/live/v1';
import type { GbtLevel } from '@arterial/contracts/api/v1';
import { startFakeLiveServer } from '../support/fake-live-server';
import { benchNetwork, type BenchNetwork } from './web-bench-network';
import { median, numberArg, percentile, progressLogger, runBench } from './bench-support';

const progress = progressLogger('bench:web');
const WEB_DIST = process.env.WEB_DIST ?? path.resolve(__dirname, '..', '..', '..', 'web', 'dist');
const LEVELS: GbtLevel[] = ['smooth', 'basically-smooth', 'lightly-congested', 'moderately-congested', 'seriously-congested'];

interface RunResult {
  frameMsP50: number;
  frameMsP95: number;
  frameMsP99: number;
  longTasksPerMin: number;
  heapMb: number;
}

/** Deterministic traffic that moves every second: a slow wave over the grid, so every link changes value. */
class SyntheticTraffic {
  private tick = 0;
  constructor(private readonly network: BenchNetwork) {}

  next(nowMs: number): ServerMessage[] {
    this.tick += 1;
    const t = this.tick;
    const links: LinkLive[] = this.network.linkIds.map((id, i) => {
      const speedKph = Math.round((30 + 25 * Math.sin((i + t * 7) / 40)) * 10) / 10;
      return { id, level: LEVELS[Math.min(4, Math.floor((55 - speedKph) / 11))] ?? 'smooth', tti: Math.max(1, Math.round((50 / Math.max(5, speedKph)) * 100) / 100), speedKph, provenance: 'measured' };
    });
    const detectors: DetectorLive[] = this.network.detectorIds.map((id, i) => {
      const occupancyPct = Math.round((20 + 18 * Math.sin((i + t * 5) / 30)) * 10) / 10;
      return { id, ts: nowMs, intervalS: 60, volume: 10, flowVph: 600, occupancyPct, speedKph: 40, health: i % 97 === 0 ? 'degraded' : 'ok' };
    });
    return [
      { type: 'estimates', serverTime: nowMs, ts: nowMs, links },
      { type: 'delta', serverTime: nowMs, detectors, intersections: this.intersections(nowMs) },
      { type: 'counters', serverTime: nowMs, counters: { accepted: t * 5040, rejected: 0, duplicates: 0 } },
    ];
  }

  intersections(nowMs: number): IntersectionLive[] {
    const cycleSecond = Math.floor(nowMs / 1000) % 90;
    return this.network.intersectionIds.map((id) => ({
      id,
      ts: nowMs,
      mode: 'adaptive',
      planId: 'AD-1',
      cycleS: 90,
      cycleSecond,
      phases: [
        { id: 1, state: cycleSecond < 40 ? 'green' : 'red', remainingS: 1 },
        { id: 2, state: cycleSecond >= 45 && cycleSecond < 85 ? 'green' : 'red', remainingS: 1 },
      ],
      online: true,
      firmware: 'bench',
      faults: [],
    }));
  }
}

/** Browser-side probe: frame deltas, long tasks; the page keeps them until read. */
const PROBE = `(() => {
  const probe = { frames: [], longTasks: 0, last: null, running: true };
  const loop = (t) => { if (probe.last !== null) probe.frames.push(t - probe.last); probe.last = t; if (probe.running) requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  new PerformanceObserver((list) => { probe.longTasks += list.getEntries().length; }).observe({ type: 'longtask', buffered: false });
  window.__benchProbe = probe;
})()`;

interface ProbeReading {
  frames: number[];
  longTasks: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  startTime: number;
  endTime: number;
}

/** With --profile: the 15 functions with the most self time in the page's main thread, as progress lines. */
function reportProfile(profile: CpuProfile): void {
  const total = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0) || 1;
  const byName = new Map<string, number>();
  for (const n of profile.nodes) {
    const name = `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber}`;
    byName.set(name, (byName.get(name) ?? 0) + (n.hitCount ?? 0));
  }
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  for (const [name, hits] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 15)) progress(`profile: ${((hits / total) * 100).toFixed(1)} % of ${seconds.toFixed(0)} s  ${name}`);
}

async function oneRun(run: number): Promise<RunResult> {
  const side = numberArg('side', 36);
  const seconds = numberArg('seconds', 60);
  const warmupS = numberArg('warmup-seconds', 10);
  const network = benchNetwork(side);
  const traffic = new SyntheticTraffic(network);
  const server = await startFakeLiveServer({
    webDir: WEB_DIST,
    network: network.model,
    greeting: () => {
      const now = Date.now();
      const [estimates, delta] = traffic.next(now);
      const detectors = delta?.type === 'delta' ? delta.detectors : [];
      const snapshot: ServerMessage = { type: 'snapshot', serverTime: now, detectors, intersections: traffic.intersections(now), counters: { accepted: 0, rejected: 0, duplicates: 0 } };
      return estimates ? [snapshot, estimates] : [snapshot];
    },
  });
  progress(`run ${run}: ${network.linkIds.length} links, ${network.detectorIds.length} detectors, ${network.intersectionIds.length} intersections at ${server.httpUrl}`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'] });
  const ticker = setInterval(() => {
    for (const message of traffic.next(Date.now())) server.broadcast(message);
  }, 1000);
  try {
    // A control-room monitor's usual CSS size; the map gets what the header and side panel leave of it.
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.httpUrl}/?debug=1`);
    await page.locator('[data-network-ready="true"]').waitFor({ timeout: 120_000 });
    progress(`run ${run}: map ready; warming up ${warmupS} s`);
    await page.waitForTimeout(warmupS * 1000);
    await page.evaluate(PROBE);
    const cdp = await page.context().newCDPSession(page);
    const profiling = process.argv.includes('--profile');
    if (profiling) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    for (let elapsed = 0; elapsed < seconds; elapsed += 10) {
      await page.waitForTimeout(Math.min(10, seconds - elapsed) * 1000);
      const sofar = await page.evaluate(() => {
        const probe = (globalThis as unknown as { __benchProbe: ProbeReading }).__benchProbe;
        return { frames: probe.frames.length, longTasks: probe.longTasks };
      });
      progress(`run ${run}: ${Math.min(seconds, elapsed + 10)} s, ${sofar.frames} frames, ${sofar.longTasks} long tasks, ${(server.bytesSent() / 1e6).toFixed(0)} MB sent`);
    }
    const reading = await page.evaluate(() => {
      const probe = (globalThis as unknown as { __benchProbe: ProbeReading & { running: boolean } }).__benchProbe;
      probe.running = false;
      return { frames: probe.frames, longTasks: probe.longTasks };
    });
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    if (profiling) reportProfile(((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    const frames = [...reading.frames].sort((a, b) => a - b);
    const round = (x: number) => Math.round(x * 10) / 10;
    const result: RunResult = {
      frameMsP50: round(percentile(frames, 50)),
      frameMsP95: round(percentile(frames, 95)),
      frameMsP99: round(percentile(frames, 99)),
      longTasksPerMin: round((reading.longTasks * 60) / seconds),
      heapMb: round(heap.usedSize / 1e6),
    };
    progress(`run ${run}: ${JSON.stringify(result)} over ${frames.length} frames`);
    return result;
  } finally {
    clearInterval(ticker);
    await browser.close();
    await server.close();
  }
}

runBench(async () => {
  const runs = numberArg('runs', 1);
  const results: RunResult[] = [];
  for (let run = 1; run <= runs; run += 1) results.push(await oneRun(run));
  const pick = (key: keyof RunResult) => median(results.map((r) => r[key]));
  const summary: RunResult = { frameMsP50: pick('frameMsP50'), frameMsP95: pick('frameMsP95'), frameMsP99: pick('frameMsP99'), longTasksPerMin: pick('longTasksPerMin'), heapMb: pick('heapMb') };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
});
