import { levelForecast, speedBelowProbability } from './level-confidence';

describe(levelForecast.name, () => {
  it('takes the level of the point speed and the probability of being at least that congested', () => {
    // arterial: 15 < v ≤ 20 is 中度拥堵
    const sut = levelForecast(18, 14, 26, 'arterial');
    expect(sut?.level).toBe('moderately-congested');
    // P(v ≤ 20): above the median by 2 of the 8 km/h that reach the 90th percentile → 0.5 + 0.4 × 2/8
    expect(sut?.confidence).toBeCloseTo(0.6, 10);
  });

  it('is sure of free flow and of a level when the interval has no width', () => {
    expect(levelForecast(55, 45, 60, 'arterial')).toEqual({ level: 'smooth', confidence: 1 });
    expect(levelForecast(10, 10, 10, 'arterial')).toEqual({ level: 'seriously-congested', confidence: 1 });
  });

  it('uses the road class bounds', () => {
    expect(levelForecast(30, 25, 35, 'expressway')?.level).toBe('moderately-congested');
    expect(levelForecast(30, 25, 35, 'secondary-branch')?.level).toBe('basically-smooth');
  });

  it('grades nothing without a finite point', () => {
    expect(levelForecast(NaN, 1, 2, 'arterial')).toBeNull();
  });
});

describe(speedBelowProbability.name, () => {
  it('is 0.1 at the lower end, 0.5 at the point, 0.9 at the upper end, clamped outside', () => {
    expect(speedBelowProbability(10, 20, 10, 40)).toBeCloseTo(0.1, 10);
    expect(speedBelowProbability(20, 20, 10, 40)).toBeCloseTo(0.5, 10);
    expect(speedBelowProbability(40, 20, 10, 40)).toBeCloseTo(0.9, 10);
    expect(speedBelowProbability(0, 20, 10, 40)).toBe(0);
    expect(speedBelowProbability(100, 20, 10, 40)).toBe(1);
  });
});
