import { PeriodBoundaries } from './period-boundaries';

const MIN = 60_000;

describe(PeriodBoundaries.name, () => {
  it('fires each whole minute once, after the start, aligned to the epoch', () => {
    const sut = new PeriodBoundaries(MIN, 10 * MIN + 30_000);
    expect(sut.crossed(10 * MIN + 59_999)).toEqual([]);
    expect(sut.crossed(11 * MIN)).toEqual([11 * MIN]);
    expect(sut.crossed(11 * MIN + 20_000)).toEqual([]);
    expect(sut.crossed(13 * MIN + 1)).toEqual([12 * MIN, 13 * MIN]);
  });

  it('does not fire the boundary the start sits on', () => {
    const sut = new PeriodBoundaries(MIN, 5 * MIN);
    expect(sut.crossed(5 * MIN + 1)).toEqual([]);
    expect(sut.crossed(6 * MIN)).toEqual([6 * MIN]);
  });

  it('catches up at most maxCatchUp boundaries, the most recent ones', () => {
    const sut = new PeriodBoundaries(MIN, 0, 3);
    expect(sut.crossed(100 * MIN)).toEqual([98 * MIN, 99 * MIN, 100 * MIN]);
  });

  it('restarts without firing when the clock is set back', () => {
    const sut = new PeriodBoundaries(MIN, 50 * MIN);
    expect(sut.crossed(20 * MIN + 5)).toEqual([]);
    expect(sut.crossed(21 * MIN)).toEqual([21 * MIN]);
  });

  it('refuses a period that is not positive', () => {
    expect(() => new PeriodBoundaries(0, 0)).toThrow(/positive/);
  });
});
