import { gridOf, specOf } from '../prediction/testing/grid-factory';
import { evaluatePredictions, splitPoints } from './prediction-evaluator';

describe(evaluatePredictions.name, () => {
  // A ramp: persistence is off by exactly the horizon, and the last tenth is missing.
  const grid = gridOf(2, 600, (t, d) => (d === 1 && t >= 540 ? NaN : t + 100 * d));
  const spec = specOf(grid, { history: 3, horizons: [1, 4] });
  let now = 0;
  const stopwatch = (): number => (now += 1);

  it('scores each model on the test windows only, on non-missing truth', () => {
    const sut = evaluatePredictions({ grid, spec, split: [0.6, 0.2, 0.2], models: ['persistence'], online: true, stopwatch });
    const { trainEnd, validationEnd } = splitPoints(600, [0.6, 0.2, 0.2]);
    expect([trainEnd, validationEnd]).toEqual([360, 480]);
    // Windows end at 479 … 595 so that horizon 4 stays inside the grid.
    expect(sut.split).toMatchObject({ trainSteps: 360, validationSteps: 120, testSteps: 120, testWindows: 117 });
    const [persistence] = sut.models;
    expect(persistence?.score.byHorizon['1']?.mae).toBeCloseTo(1, 5);
    expect(persistence?.score.byHorizon['4']?.mae).toBeCloseTo(4, 5);
    expect(persistence?.score.mae).toBeCloseTo(2.5, 5);
    // Detector 1 is missing from step 540 on, so horizon 1 has 117 + (540 − 480) truths.
    expect(persistence?.score.byHorizon['1']?.count).toBe(117 + 60);
    expect(persistence?.predictions).toBe(117 * 2 * 2);
  });

  it('refuses a grid too short for the history and horizons', () => {
    const short = gridOf(1, 40, (t) => t);
    expect(() => evaluatePredictions({ grid: short, spec: specOf(short, { history: 12, horizons: [12] }), split: [0.6, 0.2, 0.2], models: ['persistence'], online: false, stopwatch })).toThrow(
      /too little data/,
    );
  });
});
