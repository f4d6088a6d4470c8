import { PersistenceModel } from './persistence.model';
import { sliceGrid } from './series-grid';
import { gridOf, specOf } from './testing/grid-factory';
import { windowAt } from './windows';

describe(PersistenceModel.name, () => {
  const grid = gridOf(3, 400, (t, d) => (d === 2 ? NaN : 10 * d + (t % 7)));
  const spec = specOf(grid, { history: 4, horizons: [1, 3] });

  it('repeats the newest value at every horizon', () => {
    const sut = new PersistenceModel(spec);
    sut.fit(sliceGrid(grid, 0, 200), sliceGrid(grid, 200, 300));
    const forecast = sut.predict(windowAt(grid, 4, 350));
    const newest = 350 % 7;
    // [horizon × detector]: both horizons repeat detectors 0 and 1 exactly.
    expect([forecast.point[0], forecast.point[1], forecast.point[3], forecast.point[4]]).toEqual([newest, 10 + newest, newest, 10 + newest]);
  });

  it('looks back past missing values, and falls back to the training mean for a silent detector', () => {
    const sut = new PersistenceModel(spec);
    sut.fit(sliceGrid(grid, 0, 200), sliceGrid(grid, 200, 300));
    const values = windowAt(grid, 4, 350).values.slice();
    values[3 * 3 + 0] = NaN; // newest row, detector 0
    const forecast = sut.predict({ endMs: 0, values });
    expect(forecast.point[0]).toBe(349 % 7);
    // Detector 2 never reported: the network mean of the training part.
    const trainMean = (3 + 13) / 2;
    expect(forecast.point[2]).toBeCloseTo(trainMean, 0);
    expect(Number.isFinite(forecast.point[2] as number)).toBe(true);
  });

  it('gives intervals that contain the point', () => {
    const sut = new PersistenceModel(spec);
    sut.fit(sliceGrid(grid, 0, 200), sliceGrid(grid, 200, 300));
    const f = sut.predict(windowAt(grid, 4, 350));
    for (let i = 0; i < f.point.length; i++) {
      expect(f.lower[i]).toBeLessThanOrEqual(f.point[i] as number);
      expect(f.upper[i]).toBeGreaterThanOrEqual(f.point[i] as number);
    }
  });
});
