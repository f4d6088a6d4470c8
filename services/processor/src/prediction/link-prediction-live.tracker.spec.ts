import type { LinkHorizonForecast } from '@arterial/contracts/api/v1';
import { LinkPredictionLiveTracker } from './link-prediction-live.tracker';

function f(horizonMin: number, level: LinkHorizonForecast['level'], levelConfidence: number | null): LinkHorizonForecast {
  return { horizonMin, targetTs: 0, flowVph: null, speedKph: null, occupancyPct: null, level, levelConfidence };
}

describe(LinkPredictionLiveTracker.name, () => {
  it('sends every link first, then only links whose level or rounded confidence changed', () => {
    const sut = new LinkPredictionLiveTracker();

    const first = sut.update(new Map([['a', [f(5, 'smooth', 1)]], ['b', [f(5, 'lightly-congested', 0.61)]]]));
    const second = sut.update(new Map([['a', [f(5, 'smooth', 1)]], ['b', [f(5, 'lightly-congested', 0.62)]]]));
    const third = sut.update(new Map([['a', [f(5, 'basically-smooth', 0.7)]], ['b', [f(5, 'lightly-congested', 0.7)]]]));

    expect(first).toEqual([
      { id: 'a', horizons: [{ horizonMin: 5, level: 'smooth', confidence: 1 }] },
      { id: 'b', horizons: [{ horizonMin: 5, level: 'lightly-congested', confidence: 0.6 }] },
    ]);
    expect(second).toEqual([]);
    expect(third.map((l) => l.id)).toEqual(['a', 'b']);
    expect(sut.all().map((l) => l.horizons[0]?.confidence)).toEqual([0.7, 0.7]);
  });
});
