import { FREE_FLOW_METHOD, FreeFlowSpeedTracker } from './free-flow-speed.tracker';

describe(FreeFlowSpeedTracker.name, () => {
  it('uses the speed limit as a labelled prior until it has seen enough light traffic', () => {
    const sut = new FreeFlowSpeedTracker(50, 10);
    for (let i = 0; i < 9; i += 1) sut.observe(44, 5);
    expect(sut.current()).toEqual({ value: 50, provenance: 'estimated', method: FREE_FLOW_METHOD.prior });
  });

  it('takes the 85th percentile of light-traffic speeds and ignores congested intervals', () => {
    const sut = new FreeFlowSpeedTracker(50, 10);
    for (let i = 0; i < 100; i += 1) sut.observe(40 + (i % 10), 6);
    for (let i = 0; i < 100; i += 1) expect(sut.observe(8, 60)).toBe(false);
    const v = sut.current();
    expect(v).toMatchObject({ provenance: 'estimated', method: FREE_FLOW_METHOD.observed });
    expect(v.value).toBeGreaterThanOrEqual(47);
    expect(v.value).toBeLessThanOrEqual(49);
  });
});
