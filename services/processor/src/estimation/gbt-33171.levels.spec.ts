import { GBT_LEVEL_ZH, linkLevel, networkIndexFromCongestedSharePct, networkIndexLevel } from './gbt-33171.levels';

describe('GB/T 33171-2016 levels', () => {
  it.each([
    // arterial 主干路: > 40 | 30–40 | 20–30 | 15–20 | ≤ 15, each bound belonging to the slower level
    ['arterial', 40.01, '畅通'],
    ['arterial', 40, '基本畅通'],
    ['arterial', 30.01, '基本畅通'],
    ['arterial', 30, '轻度拥堵'],
    ['arterial', 20, '中度拥堵'],
    ['arterial', 15.01, '中度拥堵'],
    ['arterial', 15, '严重拥堵'],
    ['arterial', 0, '严重拥堵'],
    // expressway 快速路: > 65 | 50–65 | 35–50 | 20–35 | ≤ 20
    ['expressway', 65.5, '畅通'],
    ['expressway', 65, '基本畅通'],
    ['expressway', 50, '轻度拥堵'],
    ['expressway', 35, '中度拥堵'],
    ['expressway', 20.5, '中度拥堵'],
    ['expressway', 20, '严重拥堵'],
    // secondary and branch 次干路、支路: > 35 | 25–35 | 15–25 | 10–15 | ≤ 10
    ['secondary-branch', 36, '畅通'],
    ['secondary-branch', 35, '基本畅通'],
    ['secondary-branch', 25, '轻度拥堵'],
    ['secondary-branch', 15, '中度拥堵'],
    ['secondary-branch', 10.5, '中度拥堵'],
    ['secondary-branch', 10, '严重拥堵'],
  ] as const)('%s at %d km/h is %s', (roadClass, speedKph, zh) => {
    expect(GBT_LEVEL_ZH[linkLevel(speedKph, roadClass)]).toBe(zh);
  });

  it('maps the congested mileage share to the 0–10 index piecewise linearly, saturating at 10', () => {
    expect(networkIndexFromCongestedSharePct(0)).toBe(0);
    expect(networkIndexFromCongestedSharePct(2)).toBeCloseTo(1, 9);
    expect(networkIndexFromCongestedSharePct(4)).toBe(2);
    expect(networkIndexFromCongestedSharePct(9.5)).toBeCloseTo(5, 9);
    expect(networkIndexFromCongestedSharePct(14)).toBe(8);
    expect(networkIndexFromCongestedSharePct(19)).toBeCloseTo(9, 9);
    expect(networkIndexFromCongestedSharePct(60)).toBe(10);
  });

  it.each([
    [0, '畅通'],
    [1.99, '畅通'],
    [2, '基本畅通'],
    [3.99, '基本畅通'],
    [4, '轻度拥堵'],
    [6, '中度拥堵'],
    [7.99, '中度拥堵'],
    [8, '严重拥堵'],
    [10, '严重拥堵'],
  ] as const)('network index %d is in band %s', (index, zh) => {
    expect(GBT_LEVEL_ZH[networkIndexLevel(index)]).toBe(zh);
  });
});
