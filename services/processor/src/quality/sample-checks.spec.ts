import { sample } from '../estimation/estimation-fixtures.spec-helper';
import { DEFAULT_QUALITY_THRESHOLDS as T } from './quality.thresholds';
import { checkSample, maxPlausibleFlowVph } from './sample-checks';

const ctx = { speedLimitKph: 50 };

describe(checkSample.name, () => {
  it('accepts free-flowing and jammed intervals that a lane can carry', () => {
    expect(checkSample(sample('d', 0, { volume: 10, occupancyPct: 8, speedKph: 45 }), ctx, T)).toEqual({ usable: true, speedUsable: true, issues: [] });
    // a jam: 50 % occupancy, 8 vehicles a minute
    expect(checkSample(sample('d', 0, { volume: 8, occupancyPct: 50 }), ctx, T)).toEqual({ usable: true, speedUsable: false, issues: [] });
  });

  it('rejects counts a lane cannot carry at that occupancy (chattering), on both branches of the diagram', () => {
    expect(checkSample(sample('d', 0, { volume: 40, occupancyPct: 3 }), ctx, T)).toMatchObject({ usable: false, issues: ['flow-occupancy-implausible'] });
    expect(checkSample(sample('d', 0, { volume: 30, occupancyPct: 97 }), ctx, T).usable).toBe(false);
    expect(checkSample(sample('d', 0, { volume: 50, occupancyPct: 30 }), ctx, T).usable).toBe(false);
  });

  it('tolerates a couple of vehicles with rounded-down occupancy', () => {
    expect(checkSample(sample('d', 0, { volume: 2, occupancyPct: 0 }), ctx, T).usable).toBe(true);
  });

  it('marks occupancy without counts, near-full occupancy without counts, and self-reported failure', () => {
    expect(checkSample(sample('d', 0, { volume: 0, occupancyPct: 12 }), ctx, T)).toMatchObject({ usable: true, issues: ['occupied-without-flow'] });
    expect(checkSample(sample('d', 0, { volume: 0, occupancyPct: 100 }), ctx, T)).toMatchObject({ usable: true, issues: ['stuck-on-like'] });
    expect(checkSample(sample('d', 0, { volume: 10, occupancyPct: 8, speedKph: 40, health: 'failed' }), ctx, T)).toMatchObject({ usable: false, speedUsable: false, issues: ['reported-failed'] });
  });

  it('never lets the bound exceed the per-lane maximum', () => {
    expect(maxPlausibleFlowVph(25, ctx, T)).toBe(T.maxFlowVphPerLane);
    expect(maxPlausibleFlowVph(0, ctx, T)).toBe(0);
  });
});
