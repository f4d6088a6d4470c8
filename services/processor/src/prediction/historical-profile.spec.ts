import { DayClock } from './day-clock';
import { HistoricalProfile } from './historical-profile';
import { gridOf, MONDAY_MS } from './testing/grid-factory';

const DAY = 86_400_000;

describe(HistoricalProfile.name, () => {
  // Three weekdays; day i has the value 10 · (i + 1) all day.
  const grid = gridOf(1, 3 * 288, (t) => 10 * (Math.floor(t / 288) + 1));

  it('leaves the queried day out when asked, as training features must, while it holds the folds', () => {
    const sut = new HistoricalProfile(1, grid.stepMs, new DayClock(0), { folds: 7 });
    sut.addGrid(grid);
    sut.holdFolds(grid);
    expect(sut.value(MONDAY_MS + 3_600_000, 0)).toBeCloseTo(20);
    // Without Monday's own 10: (20 + 30) / 2.
    expect(sut.value(MONDAY_MS + 3_600_000, 0, true)).toBeCloseTo(25);
    sut.dropFolds();
    expect(sut.value(MONDAY_MS + 3_600_000, 0, true)).toBeCloseTo(20);
  });

  it('adds only rows newer than it has when refitting on rows already learned online', () => {
    const sut = new HistoricalProfile(1, grid.stepMs, new DayClock(0), { folds: 7 });
    for (let t = 0; t < 2 * 288; t++) sut.add(grid.startMs + t * grid.stepMs, grid.values.subarray(t, t + 1));
    sut.addGrid(grid, true);
    // Monday and Tuesday once each, Wednesday added by the grid: (10 + 20 + 30) / 3, not (2·10 + 2·20 + 30) / 5.
    expect(sut.value(MONDAY_MS + 3_600_000, 0)).toBeCloseTo(20);
    sut.holdFolds(grid);
    expect(sut.value(MONDAY_MS + 2 * DAY + 3_600_000, 0, true)).toBeCloseTo(15);
  });

  it('uses bins of at least 5 minutes and pools neighbouring bins when smoothing', () => {
    const sut = new HistoricalProfile(1, 60_000, new DayClock(0), { smoothBins: 1 });
    expect(sut.binMs).toBe(300_000);
    sut.add(MONDAY_MS, new Float32Array([10]));
    sut.add(MONDAY_MS + 300_000, new Float32Array([40]));
    // Bin 0 weighs 2, bin 1 weighs 1: (2·10 + 40) / 3.
    expect(sut.value(MONDAY_MS, 0)).toBeCloseTo(20);
  });

  it('falls back to the detector mean, then NaN', () => {
    const sut = new HistoricalProfile(2, 300_000, new DayClock(0));
    sut.add(MONDAY_MS, new Float32Array([6, NaN]));
    expect(sut.value(MONDAY_MS + DAY / 2, 0)).toBe(6);
    expect(sut.value(MONDAY_MS, 1)).toBeNaN();
  });
});
