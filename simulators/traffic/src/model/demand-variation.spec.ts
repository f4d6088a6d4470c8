import { DemandVariation, isWeekend, localDayIndex, NETWORK_VARIATION, type DemandVariationSpec } from './demand-variation';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const MONDAY = Date.parse('2025-01-06T00:00:00+08:00');

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function sd(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
}

/** Lag-k autocorrelation. */
function autocorrelation(values: readonly number[], lag: number): number {
  const m = mean(values);
  let num = 0;
  let den = 0;
  for (let i = 0; i < values.length; i++) {
    den += (values[i]! - m) ** 2;
    if (i + lag < values.length) num += (values[i]! - m) * (values[i + lag]! - m);
  }
  return num / den;
}

describe(DemandVariation.name, () => {
  const spec: DemandVariationSpec = { daySd: 0.1, dayPersistence: 0.6, episodeSd: 0.12, episodeTauMin: 60 };

  it('keeps the mean demand and has the day and within-day spreads asked for', () => {
    const sut = new DemandVariation(spec, 'a', 1, 8);
    const logs: number[] = [];
    const factors: number[] = [];
    for (let m = 0; m < 400 * 1440; m += 5) {
      logs.push(sut.logFactorAt(MONDAY + m * MINUTE_MS));
      factors.push(Math.exp(logs[logs.length - 1]!));
    }
    expect(mean(factors)).toBeCloseTo(1, 1);
    expect(sd(logs)).toBeGreaterThan(0.12);
    expect(sd(logs)).toBeLessThan(0.2);
  });

  it('persists for tens of minutes within a day and from one day to the next', () => {
    const episodes = new DemandVariation({ ...spec, daySd: 0 }, 'b', 2, 8);
    const fiveMinute = Array.from({ length: 20_000 }, (_, i) => episodes.logFactorAt(MONDAY + i * 5 * MINUTE_MS));
    // exp(−15/60) ≈ 0.78 at 15 minutes, exp(−1) at one time constant.
    expect(autocorrelation(fiveMinute, 3)).toBeGreaterThan(0.65);
    expect(autocorrelation(fiveMinute, 12)).toBeGreaterThan(0.25);
    expect(autocorrelation(fiveMinute, 12)).toBeLessThan(0.5);

    const days = new DemandVariation({ ...spec, episodeSd: 0 }, 'c', 3, 8);
    const daily = Array.from({ length: 600 }, (_, d) => days.logFactorAt(MONDAY + d * DAY_MS));
    expect(sd(daily)).toBeGreaterThan(0.07);
    expect(autocorrelation(daily, 1)).toBeGreaterThan(0.45);
    expect(autocorrelation(daily, 1)).toBeLessThan(0.75);
  });

  it('gives a calendar day the same level whenever the run starts, and repeats with the seed', () => {
    const target = MONDAY + 10 * DAY_MS + 9 * 3_600_000;
    const fromStart = new DemandVariation({ ...spec, episodeSd: 0 }, 'd', 4, 8);
    for (let d = 0; d < 10; d++) fromStart.factorAt(MONDAY + d * DAY_MS);
    const late = new DemandVariation({ ...spec, episodeSd: 0 }, 'd', 4, 8);
    expect(late.factorAt(target)).toBe(fromStart.factorAt(target));
    expect(new DemandVariation(NETWORK_VARIATION, 'd', 5, 8).factorAt(target)).not.toBe(new DemandVariation(NETWORK_VARIATION, 'd', 6, 8).factorAt(target));
  });
});

describe(isWeekend.name, () => {
  it('reads Saturday and Sunday in local time', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((d) => isWeekend(MONDAY + d * DAY_MS + 3_600_000, 8))).toEqual([false, false, false, false, false, true, true]);
    // 23:30 UTC on a Friday is already Saturday in UTC+8.
    expect(isWeekend(Date.parse('2025-01-10T23:30:00Z'), 8)).toBe(true);
    expect(localDayIndex(Date.parse('2025-01-10T23:30:00Z'), 8)).toBe(localDayIndex(Date.parse('2025-01-11T12:00:00+08:00'), 8));
  });
});
