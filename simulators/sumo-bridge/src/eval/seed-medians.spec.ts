import type { VariantRun } from './eval-report';
import { median, medianRun } from './seed-medians';

function run(overrides: Partial<VariantRun> = {}): VariantRun {
  return {
    meanDelayS: 40, meanTimeLossS: 35, meanWaitingS: 20, meanTravelTimeS: 120, arrived: 900, running: 40, notInserted: 2,
    plansSent: 60, plansRejected: 0, unsafe: 0, rejectedBy: {}, plansExpired: 0, phasesSkipped: 0, wallS: 10, simulatedS: 1800, ...overrides,
  };
}

describe(median.name, () => {
  it('takes the middle value, or the mean of the two middle ones, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([40.1, 10, 31.5, 100])).toBe(35.8);
    expect(median([7])).toBe(7);
    expect(median([])).toBe(0);
  });
});

describe(medianRun.name, () => {
  it('gives the median per measure, sums rejections and wall time', () => {
    const sut = medianRun([
      { seed: 1, run: run({ meanDelayS: 50, arrived: 880, plansRejected: 2, rejectedBy: { expired: 2 } }) },
      { seed: 2, run: run({ meanDelayS: 30, arrived: 910, rejectedBy: {} }) },
      { seed: 3, run: run({ meanDelayS: 41, arrived: 905, plansRejected: 1, rejectedBy: { expired: 1 } }) },
    ]);
    expect(sut).toMatchObject({ meanDelayS: 41, arrived: 905, plansRejected: 1, rejectedBy: { expired: 3 }, wallS: 30 });
    expect(sut.error).toBeUndefined();
  });

  it('leaves a failed seed out of the medians, and reports every error when no seed finished', () => {
    expect(medianRun([{ seed: 1, run: run({ meanDelayS: 0, error: 'boom' }) }, { seed: 2, run: run({ meanDelayS: 33 }) }]).meanDelayS).toBe(33);
    expect(medianRun([{ seed: 1, run: run({ error: 'a' }) }, { seed: 2, run: run({ error: 'b' }) }]).error).toBe('seed 1: a; seed 2: b');
    expect(medianRun([{ seed: 5, run: run({ error: 'a' }) }]).error).toBe('a');
  });
});
