import { commuteDirection, demandFactor, localHour, weekendDemandFactor } from './demand-profile';

describe(demandFactor.name, () => {
  const sut = demandFactor;

  it('peaks in the morning and evening rush and is lowest at night', () => {
    expect(sut(8)).toBeGreaterThan(0.95);
    expect(sut(18)).toBeGreaterThan(0.9);
    expect(sut(3)).toBeLessThan(0.1);
    expect(sut(13)).toBeGreaterThan(sut(3));
    expect(sut(13)).toBeLessThan(sut(8));
  });

  it('stays within (0, 1] around the clock', () => {
    for (let h = 0; h < 24; h += 0.25) {
      expect(sut(h)).toBeGreaterThan(0);
      expect(sut(h)).toBeLessThanOrEqual(1);
    }
  });

  it('has no commute peaks at weekends: a lower, later hump and less traffic over the day', () => {
    expect(weekendDemandFactor(8)).toBeLessThan(0.6);
    expect(weekendDemandFactor(11)).toBeGreaterThan(weekendDemandFactor(8));
    expect(weekendDemandFactor(16.5)).toBeGreaterThan(0.65);
    expect(weekendDemandFactor(16.5)).toBeLessThan(0.8);
    let weekday = 0;
    let weekend = 0;
    for (let h = 0; h < 24; h += 0.25) {
      weekday += sut(h);
      weekend += weekendDemandFactor(h);
    }
    expect(weekend / weekday).toBeGreaterThan(0.7);
    expect(weekend / weekday).toBeLessThan(0.95);
  });

  it('points commuters inwards in the morning and outwards in the evening', () => {
    expect(commuteDirection(8)).toBeGreaterThan(0.9);
    expect(commuteDirection(18)).toBeLessThan(-0.9);
  });

  it('reads local time with the UTC offset', () => {
    expect(localHour(Date.UTC(2025, 0, 1, 0, 0), 8)).toBe(8);
    expect(localHour(Date.UTC(2025, 0, 1, 20, 30), 8)).toBe(4.5);
  });
});
