import { validatePayload } from '@arterial/contracts';
import { Rng } from '../random/prng';
import { DetectorSensor, type ApproachSecond, type SensorSpec } from './detector-sensor';

const quiet: ApproachSecond = { arrived: 0, dischargedFromQueue: 0, passedFreely: 0, queue: 0, stopped: false, approachSpeedKph: 45, queueLengthM: 0 };
const spec = (over: Partial<SensorSpec>): SensorSpec => ({
  id: 'XA-D4-N-S',
  placement: 'stop-bar',
  technology: 'loop',
  distanceFromStopLineM: 1,
  intervalS: 10,
  ...over,
});

function interval(sut: DetectorSensor, second: ApproachSecond, tMs: number): ReturnType<DetectorSensor['report']> {
  for (let s = 0; s < sut.spec.intervalS; s++) sut.observe(second);
  return sut.report(tMs);
}

describe(DetectorSensor.name, () => {
  it('skips a partial first interval and numbers whole ones from 0', () => {
    const sut = new DetectorSensor(spec({}), new Rng(1));
    sut.observe(quiet);
    expect(sut.report(1_700_000_000_000)).toBeUndefined();
    expect(interval(sut, quiet, 1_700_000_010_000)?.seq).toBe(0);
    expect(interval(sut, quiet, 1_700_000_020_000)?.seq).toBe(1);
  });

  it('is fully occupied by a queue standing on the stop bar', () => {
    const sut = new DetectorSensor(spec({}), new Rng(1));
    const m = interval(sut, { ...quiet, queue: 4, stopped: true }, 1_700_000_010_000);
    expect(m?.occupancyPct).toBeGreaterThan(90);
    expect(m?.volume).toBe(0);
  });

  it('derives occupancy from flow and speed upstream', () => {
    const sut = new DetectorSensor(spec({ placement: 'advance', technology: 'radar', distanceFromStopLineM: 80 }), new Rng(1));
    // One vehicle every 5 s at 36 km/h: 6.5 m / 10 m/s = 0.65 s occupied per vehicle → 13 %.
    for (const arrived of [0, 1, 0, 0, 0, 0, 1, 0, 0, 0]) sut.observe({ ...quiet, arrived, approachSpeedKph: 36 });
    const report = sut.report(1_700_000_010_000)!;
    expect(report.occupancyPct).toBeGreaterThan(10);
    expect(report.occupancyPct).toBeLessThan(16);
    expect(report.speedKph).toBeGreaterThan(30);
  });

  it('leaves out speed where the device cannot measure it', () => {
    const loop = new DetectorSensor(spec({}), new Rng(1));
    expect(interval(loop, { ...quiet, passedFreely: 1 }, 1_700_000_010_000)?.speedKph).toBeUndefined();
    const radar = new DetectorSensor(spec({ technology: 'radar' }), new Rng(1));
    expect(interval(radar, { ...quiet, passedFreely: 1 }, 1_700_000_010_000)?.speedKph).toBeGreaterThan(0);
    expect(interval(radar, quiet, 1_700_000_020_000)?.speedKph).toBeUndefined();
  });

  it('is mostly healthy with occasional degraded spells, and always valid', () => {
    const sut = new DetectorSensor(spec({ technology: 'video' }), new Rng(5));
    let degraded = 0;
    const intervals = 50_000;
    for (let i = 1; i <= intervals; i++) {
      const m = interval(sut, { ...quiet, passedFreely: i % 3 }, 1_700_000_000_000 + i * 10_000)!;
      if (m.health === 'degraded') degraded++;
      if (i % 1000 === 0 && !validatePayload('measurement', m, { nowMs: m.ts }).ok) throw new Error(`invalid at ${i}`);
    }
    expect(degraded / intervals).toBeGreaterThan(0.005);
    expect(degraded / intervals).toBeLessThan(0.1);
  });
});
