import { bestModel, focusHorizonOf, worstDetectors } from './prediction-report';
import type { ModelEvaluation } from './prediction-evaluator';

const model = (name: string, mae: number | null, maeByDetector: (number | null)[][] = []): ModelEvaluation => ({
  name,
  score: { mae, rmse: mae, mape: null, byHorizon: {}, maeByHour: [], maeByDetector },
  fitS: 0,
  predictS: 0,
  predictions: 0,
  predictPerS: 0,
  msPerInterval: 0,
});

describe(focusHorizonOf.name, () => {
  it('picks the horizon nearest 15 minutes for the interval length', () => {
    expect(focusHorizonOf([1, 3, 6, 12], 300)).toBe(3);
    expect(focusHorizonOf([1, 2, 4], 420)).toBe(2);
    expect(focusHorizonOf([1, 10, 20], 60)).toBe(10);
  });
});

describe(bestModel.name, () => {
  it('takes the lowest mean MAE and ignores unscored models', () => {
    expect(bestModel([model('a', 2), model('b', null), model('c', 1.5)]).name).toBe('c');
    expect(() => bestModel([model('b', null)])).toThrow(/no model produced a score/);
  });
});

describe(worstDetectors.name, () => {
  it("lists the best model's largest per-detector errors at the horizon, with every model's error and the share", () => {
    const best = model('ridge', 1, [[9], [1, 3, null, 4]]);
    const baseline = model('persistence', 2, [[9], [2, 2, 2, 8]]);
    const worst = worstDetectors([baseline, best], best, 1, ['a', 'b', 'c', 'd']);
    expect(worst.map((w) => w.detectorId)).toEqual(['d', 'b', 'a']);
    expect(worst[0]).toEqual({ detectorId: 'd', mae: { persistence: 8, ridge: 4 }, shareOfError: 0.5 });
  });
});
