import { HistoricalAverageModel } from './historical-average.model';
import type { PredictionModel } from './prediction-model';
import { RidgeModel } from './ridge.model';
import { sliceGrid } from './series-grid';
import { gridOf, normal, seeded, specOf } from './testing/grid-factory';
import { windowAt, windowEnds } from './windows';

const STEPS = 3000;

/** AR(1) around a level per detector: x(t+1) − c = φ (x(t) − c) + σ ε. */
function arGrid(phi: number, sigma: number, detectors: number, seed: number, missingShare = 0) {
  const draw = normal(seeded(seed));
  const miss = seeded(seed + 1);
  const state = Array.from({ length: detectors }, () => 0);
  return gridOf(detectors, STEPS, (_t, d) => {
    state[d] = phi * (state[d] as number) + sigma * draw();
    const value = 50 + 10 * d + (state[d] as number);
    return miss() < missingShare ? NaN : value;
  });
}

function fitted(grid: ReturnType<typeof arGrid>, history = 4, horizons = [1, 3]) {
  const sut = new RidgeModel(specOf(grid, { history, horizons }), { transform: 'none' });
  sut.fit(sliceGrid(grid, 0, 2000), sliceGrid(grid, 2000, 2500));
  return sut;
}

function maeOnTest(sut: RidgeModel, grid: ReturnType<typeof arGrid>, history: number, lead: number, k: number): number {
  const test = sliceGrid(grid, 2500, STEPS);
  const n = grid.detectorIds.length;
  let sum = 0;
  let count = 0;
  for (const t of windowEnds(test, history, lead)) {
    const f = sut.predict(windowAt(test, history, t));
    for (let d = 0; d < n; d++) {
      const y = test.values[(t + lead) * n + d] as number;
      if (Number.isNaN(y)) continue;
      sum += Math.abs((f.point[k * n + d] as number) - y);
      count++;
    }
  }
  return sum / count;
}

describe(RidgeModel.name, () => {
  it('recovers a known linear relation', () => {
    const grid = arGrid(0.8, 2, 3, 1);
    const sut = fitted(grid);
    // Feature 1 is the newest lag in units of the detector's scale, as is the target: its coefficient is φ (one
    // step) and φ³ (three steps); older lags add little to an AR(1). Ridge and 2,000 noisy samples allow ±0.1.
    expect(Math.abs((sut.coefficients(0, 0)[1] as number) - 0.8)).toBeLessThan(0.1);
    expect(Math.abs((sut.coefficients(1, 0)[1] as number) - 0.512)).toBeLessThan(0.1);
    expect(Math.abs(sut.coefficients(0, 0)[2] as number)).toBeLessThan(0.1);
    // One-step error near the innovation's: E|σ ε| = σ √(2/π).
    expect(maeOnTest(sut, grid, 4, 1, 0)).toBeLessThan(2 * Math.sqrt(2 / Math.PI) * 1.1);
  });

  it('keeps forecasting well when a fifth of the inputs are missing', () => {
    const grid = arGrid(0.8, 2, 3, 2, 0.2);
    const sut = fitted(grid);
    const f = sut.predict(windowAt(grid, 4, 2600));
    expect(Array.from(f.point).every(Number.isFinite)).toBe(true);
    const persistenceLike = 2 * Math.sqrt(2 / Math.PI) * Math.sqrt(2 * (1 - 0.8)) / Math.sqrt(1 - 0.64) * 1.6;
    expect(maeOnTest(sut, grid, 4, 1, 0)).toBeLessThan(persistenceLike);
  });

  it('forecasts from a window with every value missing', () => {
    const grid = arGrid(0.8, 2, 2, 3);
    const sut = fitted(grid);
    const f = sut.predict({ endMs: grid.startMs + 2600 * grid.stepMs, values: new Float32Array(8).fill(NaN) });
    expect(f.point[0]).toBeCloseTo(50, -1);
    expect(f.point[1]).toBeCloseTo(60, -1);
  });

  it('gives 80 % intervals that cover about 80 % of a noisy series', () => {
    const grid = arGrid(0.5, 3, 4, 4);
    const sut = fitted(grid);
    const test = sliceGrid(grid, 2500, STEPS);
    let inside = 0;
    let total = 0;
    for (const t of windowEnds(test, 4, 3)) {
      const f = sut.predict(windowAt(test, 4, t));
      for (let d = 0; d < 4; d++) {
        const y = test.values[(t + 3) * 4 + d] as number;
        const i = 4 + d;
        if (y >= (f.lower[i] as number) && y <= (f.upper[i] as number)) inside++;
        total++;
      }
    }
    expect(inside / total).toBeGreaterThan(0.74);
    expect(inside / total).toBeLessThan(0.86);
  });

  it('learns online when the relation changes', () => {
    const before = arGrid(0.8, 2, 1, 5);
    const sut = new RidgeModel(specOf(before, { history: 2, horizons: [1] }), { transform: 'none', memoryMs: 2 * 86_400_000, refitEvery: 6 });
    sut.fit(sliceGrid(before, 0, 2000), sliceGrid(before, 2000, 2500));
    // The series turns into an alternation around its level: x(t+1) − c = −0.8 (x(t) − c).
    const draw = normal(seeded(6));
    let state = 5;
    const values: number[] = [];
    for (let t = 0; t < 3000; t++) {
      state = -0.8 * state + 2 * draw();
      values.push(50 + state);
    }
    for (let t = 2; t < values.length; t++) {
      const window = { endMs: before.startMs + (t - 1) * before.stepMs, values: new Float32Array([values[t - 2] as number, values[t - 1] as number]) };
      sut.learn(window, 0, new Float32Array([values[t] as number]));
    }
    expect(sut.coefficients(0, 0)[1]).toBeLessThan(-0.5);
  });

  it('scales the profile by how far the network runs above or below it today', () => {
    // A daily profile per detector times a level shared by all detectors that changes from day to day (sd 20 %),
    // plus count-like noise: the profile alone misses the level, one detector's last hour measures it noisily.
    const detectors = 16;
    const day = 288;
    const level = Array.from({ length: 18 }, normal(seeded(7))).map((z) => Math.exp(0.2 * z));
    const noise = normal(seeded(8));
    const grid = gridOf(detectors, 18 * day, (t, d) => {
      const hour = ((t % day) / day) * 24;
      const profile = 5 + 40 * Math.exp(-((hour - 8) ** 2) / 4) + 30 * Math.exp(-((hour - 18) ** 2) / 6);
      const mean = (1 + d / detectors) * profile * (level[Math.floor(t / day)] as number);
      return Math.max(0, mean + Math.sqrt(mean) * noise());
    });
    const spec = specOf(grid, { horizons: [3] });
    const mae = (sut: PredictionModel): number => {
      sut.fit(sliceGrid(grid, 0, 11 * day), sliceGrid(grid, 11 * day, 14 * day));
      const test = sliceGrid(grid, 14 * day, 18 * day);
      let sum = 0;
      let count = 0;
      for (const t of windowEnds(test, 12, 3)) {
        const f = sut.predict(windowAt(test, 12, t));
        for (let d = 0; d < detectors; d++) {
          sum += Math.abs((f.point[d] as number) - (test.values[(t + 3) * detectors + d] as number));
          count++;
        }
      }
      return sum / count;
    };
    // 0.59 here; without the profile-scaled levels 0.68.
    expect(mae(new RidgeModel(spec))).toBeLessThan(0.64 * mae(new HistoricalAverageModel(spec)));
  });
});
