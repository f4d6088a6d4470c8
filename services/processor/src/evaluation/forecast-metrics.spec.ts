import { ForecastMetrics } from './forecast-metrics';

describe(ForecastMetrics.name, () => {
  it('scores MAE, RMSE and coverage on non-missing truth, MAPE on non-zero truth only', () => {
    const sut = new ForecastMetrics([1, 3], 4);
    const truth = [0, 10, NaN, 20];
    const point = [2, 12, 99, 15];
    sut.addRow(0, 8, truth, point, [0, 11, 0, 16], [3, 13, 0, 30]);
    sut.addRow(1, 9, [10], [10], [9], [11]);
    const score = sut.score();
    const h1 = score.byHorizon['1'];
    expect(h1?.mae).toBeCloseTo((2 + 2 + 5) / 3);
    expect(h1?.rmse).toBeCloseTo(Math.sqrt((4 + 4 + 25) / 3));
    // 0 is left out of MAPE: (2/10 + 5/20) / 2 in percent.
    expect(h1?.mape).toBeCloseTo(22.5);
    expect(h1?.coverage).toBeCloseTo(2 / 3);
    expect(h1?.count).toBe(3);
    expect(score.byHorizon['3']).toMatchObject({ mae: 0, mape: 0, coverage: 1 });
    // Overall figures are the means over the horizons.
    expect(score.mae).toBeCloseTo(3 / 2);
    expect(score.maeByHour[0]?.[8]).toBeCloseTo(3);
    expect(score.maeByHour[0]?.[9]).toBeNull();
    expect(score.maeByDetector[0]).toEqual([2, 2, null, 5]);
    expect(score.maeByDetector[1]).toEqual([0, null, null, null]);
  });

  it('reports null, not zero, where there was no truth', () => {
    const sut = new ForecastMetrics([1], 2);
    sut.addRow(0, 0, [0, NaN], [1, 1], [0, 0], [2, 2]);
    const score = sut.score();
    expect(score.byHorizon['1']?.mape).toBeNull();
    expect(score.mape).toBeNull();
    expect(score.mae).toBe(1);
  });
});
