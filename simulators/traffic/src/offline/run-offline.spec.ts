import { demoNetwork } from '../network/demo-network';
import { gridNetwork } from '../network/grid-network';
import { runOffline, type OfflineRunOptions } from './run-offline';

/** 08:00 in Xi'an. */
const START_MS = Date.parse('2026-11-27T08:00:00+08:00');

describe(runOffline.name, () => {
  const sut = runOffline;
  const demo = demoNetwork();
  const twoMinutes = (over: Partial<OfflineRunOptions> = {}): Promise<Awaited<ReturnType<typeof runOffline>>> =>
    sut({ network: demo, seed: 42, startMs: START_MS, hours: 2 / 60, ...over });

  it('gives identical detector outputs (same hash) for the same seed, and different ones for another', async () => {
    const lines: string[] = [];
    const first = await twoMinutes({ writeLine: (l) => lines.push(l) });
    const second = await twoMinutes();
    expect(second.detectorSha256).toBe(first.detectorSha256);
    expect(first.detectorMessages).toBe(lines.length);
    expect(first.detectorMessages).toBeGreaterThan(0.95 * 336 * 12);
    const other = await twoMinutes({ seed: 43 });
    expect(other.detectorSha256).not.toBe(first.detectorSha256);
    expect(JSON.parse(lines[0]!)).toMatchObject({ detectorId: expect.any(String), seq: 0, intervalS: 10 });
  });

  it('summarises vehicles, time and messages', async () => {
    const s = await sut({ network: gridNetwork({ rows: 1, cols: 3 }), seed: 1, startMs: START_MS, hours: 0.25 });
    expect(s).toMatchObject({ simulatedHours: 0.25, pace: 'max', controllers: 3, detectors: 24 });
    expect(s.vehiclesEntered).toBeGreaterThan(0);
    expect(s.vehiclesExited).toBeGreaterThan(0);
    expect(s.vehiclesEntered).toBeCloseTo(s.vehiclesExited + s.vehiclesInNetworkAtEnd, -1);
    expect(s.meanTravelTimeS).toBeGreaterThan(s.meanDelayS);
    expect(s.messages.state).toBeGreaterThanOrEqual(3 * 900);
  });

  it('keeps to the requested pace on the wall clock, and reports progress', async () => {
    let wallMs = 0;
    const progress: number[] = [];
    const s = await sut({
      network: gridNetwork({ rows: 1, cols: 2 }),
      seed: 1,
      startMs: START_MS,
      hours: 0.1,
      speed: 100,
      wallClock: () => wallMs,
      sleep: (ms) => {
        wallMs += ms;
        return Promise.resolve();
      },
      onProgress: (p) => progress.push(Math.round(p.pct)),
      progressEveryPct: 25,
    });
    // 360 simulated seconds at 100 × real time take 3.6 wall seconds.
    expect(wallMs).toBeCloseTo(3600, 0);
    expect(s.speedUp).toBeCloseTo(100, 0);
    expect(progress).toEqual([25, 50, 75, 100]);
  });
});
