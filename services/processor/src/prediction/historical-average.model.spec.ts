import { HistoricalAverageModel } from './historical-average.model';
import { sliceGrid } from './series-grid';
import { FIVE_MIN_MS, gridOf, MONDAY_MS, specOf } from './testing/grid-factory';
import { DayClock } from './day-clock';
import { windowAt } from './windows';

const DAY_STEPS = 288;
const clock = new DayClock(0);

describe(HistoricalAverageModel.name, () => {
  // Two weeks: weekdays follow the hour of day, weekends are a flat 100, plus a day-specific offset that averages out.
  const grid = gridOf(2, 14 * DAY_STEPS, (t, d, ms) => {
    const day = Math.floor(t / DAY_STEPS);
    const wobble = day % 2 === 0 ? 1 : -1;
    return clock.isWeekend(ms) ? 100 + d : clock.hourOfDay(ms) + 10 * d + wobble;
  });
  const spec = specOf(grid, { history: 3, horizons: [1, 12] });

  it('predicts the mean at the target time of day for the target day type', () => {
    const sut = new HistoricalAverageModel(spec);
    sut.fit(sliceGrid(grid, 0, 10 * DAY_STEPS), sliceGrid(grid, 10 * DAY_STEPS, 12 * DAY_STEPS));
    // Window ending Thursday of week 2 at 07:55; horizon 1 lands at 08:00 and horizon 12 at 08:55.
    const t = 10 * DAY_STEPS + 95;
    const f = sut.predict(windowAt(grid, 3, t));
    // Weekdays of the training part: days 0–4 and 7–9, wobble +1 on even days and −1 on odd ones: mean (+1·4 −1·4)/8 = 0.
    expect(f.point[0]).toBeCloseTo(8, 5);
    expect(f.point[1]).toBeCloseTo(18, 5);
    expect(f.point[2]).toBeCloseTo(8, 5);
  });

  it('uses the weekend profile on weekends', () => {
    const sut = new HistoricalAverageModel(spec);
    sut.fit(sliceGrid(grid, 0, 10 * DAY_STEPS), sliceGrid(grid, 10 * DAY_STEPS, 12 * DAY_STEPS));
    const saturdayNoon = 12 * DAY_STEPS + 143;
    const f = sut.predict(windowAt(grid, 3, saturdayNoon));
    expect(f.point[0]).toBeCloseTo(100, 5);
    expect(f.point[1]).toBeCloseTo(101, 5);
  });

  it('falls back to both day types when a day type was never seen', () => {
    const weekdaysOnly = sliceGrid(grid, 0, 5 * DAY_STEPS);
    const sut = new HistoricalAverageModel(spec);
    sut.fit(weekdaysOnly, sliceGrid(grid, 7 * DAY_STEPS, 8 * DAY_STEPS));
    const saturdayNoon = 12 * DAY_STEPS + 143;
    const f = sut.predict(windowAt(grid, 3, saturdayNoon));
    expect(f.point[0]).toBeCloseTo(12, 0);
  });

  it('keeps learning online', () => {
    const flat = gridOf(1, 2 * DAY_STEPS, () => 5);
    const sut = new HistoricalAverageModel(specOf(flat, { history: 1, horizons: [1] }));
    sut.fit(flat, flat);
    const window = { endMs: MONDAY_MS + 8 * 3_600_000 - FIVE_MIN_MS, values: new Float32Array([5]) };
    expect(sut.predict(window).point[0]).toBeCloseTo(5, 5);
    // Two more weekday samples of 20 at the target bin: (5 + 5 + 20 + 20) / 4.
    sut.learn(window, 0, new Float32Array([20]));
    sut.learn({ ...window, endMs: window.endMs + 7 * 86_400_000 }, 0, new Float32Array([20]));
    expect(sut.predict(window).point[0]).toBeCloseTo(12.5, 5);
  });
});
