import { DEFAULT_EFFECTIVE_LENGTH_M, EffectiveLengthLearner, MAX_EFFECTIVE_LENGTH_M } from './effective-length.learner';
import { speedKphFromFlowOccupancy } from './traffic-flow.formulas';

describe(EffectiveLengthLearner.name, () => {
  it('starts from the default length', () => {
    const sut = new EffectiveLengthLearner();
    expect(sut.current()).toEqual({ lengthM: DEFAULT_EFFECTIVE_LENGTH_M, source: 'default', observations: 0 });
  });

  it('learns g from intervals where the detector measured speed, robust to an outlier', () => {
    const sut = new EffectiveLengthLearner();
    // a detector whose true g is 7.5 m: v = q·g/o
    const intervals: [number, number][] = [[600, 8], [900, 12], [720, 10], [1080, 15], [480, 6], [840, 11]];
    for (const [q, o] of intervals) sut.observeMeasuredSpeed(q, o, speedKphFromFlowOccupancy(q, o, 7.5)!);
    // a glitch: 3 m would pull a mean, not the median
    sut.observeMeasuredSpeed(600, 8, speedKphFromFlowOccupancy(600, 8, 3)!);
    const g = sut.current();
    expect(g.source).toBe('measured-speed');
    expect(g.lengthM).toBeCloseTo(7.5, 6);
  });

  it('ignores intervals that cannot tell g: too little flow, stop-and-go occupancy, absurd results', () => {
    const sut = new EffectiveLengthLearner();
    expect(sut.observeMeasuredSpeed(60, 5, 40)).toBe(false);
    expect(sut.observeMeasuredSpeed(900, 70, 5)).toBe(false);
    expect(sut.observeMeasuredSpeed(900, 10, 400)).toBe(false);
    expect(sut.current().source).toBe('default');
  });

  it('falls back to light-traffic free-flow intervals, and prefers measured speed once it has enough', () => {
    const sut = new EffectiveLengthLearner();
    for (let i = 0; i < 5; i += 1) sut.observeFreeFlow(360, speedToOcc(360, 50, 5.5), 50);
    expect(sut.current()).toMatchObject({ source: 'free-flow' });
    expect(sut.current().lengthM).toBeCloseTo(5.5, 6);
    for (let i = 0; i < 5; i += 1) sut.observeMeasuredSpeed(600, 8, speedKphFromFlowOccupancy(600, 8, 6.5)!);
    expect(sut.current().source).toBe('measured-speed');
    expect(sut.current().lengthM).toBeCloseTo(6.5, 6);
  });

  it('bounds the learned length', () => {
    const sut = new EffectiveLengthLearner();
    for (let i = 0; i < 5; i += 1) sut.observeMeasuredSpeed(600, 10, speedKphFromFlowOccupancy(600, 10, 16)!);
    expect(sut.current().lengthM).toBe(MAX_EFFECTIVE_LENGTH_M);
  });
});

function speedToOcc(flowVph: number, speedKph: number, g: number): number {
  return ((flowVph / 3600) * g * 100) / (speedKph / 3.6);
}
