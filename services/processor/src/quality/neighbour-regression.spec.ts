import { NeighbourRegression } from './neighbour-regression';

describe(NeighbourRegression.name, () => {
  it('learns each quantity a pair has on both sides, and predicts nothing from a quantity never learned', () => {
    const sut = new NeighbourRegression();
    for (let i = 0; i < 60; i++) {
      const x = 100 + 10 * (i % 13);
      sut.learnAll('target', { flowVph: 2 * x + 5, occupancyPct: x / 20, speedKph: 40 }, 'neighbour', { flowVph: x, occupancyPct: x / 10, speedKph: null });
    }
    const from = (value: number) => [[{ detectorId: 'neighbour', value }]];
    expect(sut.predict('flowVph', 'target', from(150))).toBeCloseTo(305, 6);
    expect(sut.predict('occupancyPct', 'target', from(15))).toBeCloseTo(7.5, 6);
    expect(sut.predict('speedKph', 'target', from(40))).toBeNull();
    expect(sut.predict('flowVph', 'neighbour', [[{ detectorId: 'target', value: 305 }]])).toBeNull();
  });

  it('needs enough observations before a fit is used', () => {
    const sut = new NeighbourRegression();
    for (let i = 0; i < 10; i++) sut.learnAll('t', { flowVph: i, occupancyPct: null, speedKph: null }, 'n', { flowVph: i, occupancyPct: null, speedKph: null });
    expect(sut.predict('flowVph', 't', [[{ detectorId: 'n', value: 5 }]])).toBeNull();
  });
});
