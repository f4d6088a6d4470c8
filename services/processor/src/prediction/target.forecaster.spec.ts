import { gridOf, seeded, specOf } from './testing/grid-factory';
import { TargetForecaster, type TargetForecasterOptions } from './target.forecaster';

const STEP = 60_000;
const T0 = Date.UTC(2026, 0, 12, 6);
const spec = specOf(gridOf(3, 1, () => 0, { stepMs: STEP }), { history: 4, horizons: [1, 3] });
const options: TargetForecasterOptions = { model: 'ridge', fitAfterRows: 60, validationShare: 0.4, refitEveryRows: 40, keepRows: 120, maxStaleRows: 5, fallbackRefitRows: 4 };

/** A smooth daily-like wave per detector with a little noise; detector 2 only reports for the first 10 rows. */
function rowAt(t: number, random: () => number): Float32Array {
  return Float32Array.from([0, 1, 2], (d) => (d === 2 && t >= 10 ? NaN : 100 + 30 * d + 20 * Math.sin(t / 8 + d) + 4 * random()));
}

function run(rows: number, seed = 1): TargetForecaster {
  const sut = new TargetForecaster(spec, options);
  const random = seeded(seed);
  for (let t = 0; t < rows; t++) sut.push(T0 + t * STEP, rowAt(t, random));
  return sut;
}

describe(TargetForecaster.name, () => {
  it('answers with persistence until enough history, uncalibrated until a window and its longest horizon were seen', () => {
    const sut = new TargetForecaster(spec, options);
    expect(sut.forecast()).toBeUndefined();
    sut.push(T0, Float32Array.from([10, 20, NaN]));

    const first = sut.forecast();

    expect(first?.model).toBe('persistence');
    expect(first?.calibrated).toBe(false);
    expect(Array.from(first!.forecast.point)).toEqual([10, 20, NaN, 10, 20, NaN]);
    const later = run(8);
    expect(later.forecast()?.calibrated).toBe(true);
    expect(later.model).toBe('persistence');
  });

  it('fits the configured model once fitAfterRows rows are in and forecasts finite values inside ordered intervals', () => {
    const sut = run(options.fitAfterRows);
    const made = sut.forecast();

    expect(made?.model).toBe('ridge');
    expect(made?.calibrated).toBe(true);
    const { point, lower, upper } = made!.forecast;
    for (const d of [0, 1]) {
      for (const k of [0, 1]) {
        const i = k * 3 + d;
        expect(Number.isFinite(point[i])).toBe(true);
        expect(lower[i]).toBeLessThanOrEqual(point[i] as number);
        expect(upper[i]).toBeGreaterThanOrEqual(point[i] as number);
        // near the wave, not a collapsed fit
        expect(Math.abs((point[i] as number) - (100 + 30 * d))).toBeLessThan(40);
      }
    }
  });

  it('gives no forecast for a detector silent for longer than maxStaleRows', () => {
    const made = run(30).forecast()!;

    expect([made.forecast.point[2], made.forecast.point[5]]).toEqual([NaN, NaN]);
    expect(Number.isFinite(made.forecast.point[0])).toBe(true);
  });

  it('counts skipped intervals as missing rows, so a long gap makes every detector stale', () => {
    const sut = run(20);
    sut.push(T0 + 40 * STEP, Float32Array.from([NaN, 50, NaN]));

    const made = sut.forecast()!;

    expect(made.forecast.point[0]).toBeNaN();
    expect(made.forecast.point[1]).toBe(50);
  });

  it('gives identical forecasts for identical rows (replay), other forecasts for other rows', () => {
    const a = run(150);
    const b = run(150);
    const c = run(150, 2);

    expect(Array.from(a.forecast()!.forecast.point)).toEqual(Array.from(b.forecast()!.forecast.point));
    expect(Array.from(a.forecast()!.forecast.point)).not.toEqual(Array.from(c.forecast()!.forecast.point));
  });
});
