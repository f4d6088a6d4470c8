import { WaterMarkGauge, type QueueDepth } from './water-marks';

describe(WaterMarkGauge.name, () => {
  const marks = { high: { messages: 100, bytes: 10_000 }, low: { messages: 20, bytes: 2_000 } };

  function gaugeOver(depths: QueueDepth[]): boolean[] {
    let i = 0;
    const sut = new WaterMarkGauge('queue', marks, () => depths[i++] as QueueDepth);
    return depths.map(() => sut.sample().over);
  }

  it('goes over at either high mark and stays over until both counts are at their low marks', () => {
    expect(
      gaugeOver([
        { messages: 99, bytes: 0 },
        { messages: 100, bytes: 0 },
        { messages: 50, bytes: 0 },
        { messages: 20, bytes: 2_001 },
        { messages: 20, bytes: 2_000 },
        { messages: 99, bytes: 9_999 },
        { messages: 0, bytes: 10_000 },
      ]),
    ).toEqual([false, true, true, true, false, false, true]);
  });

  it('gives the room left below the high mark, none while over until drained to the low marks', () => {
    const depths: QueueDepth[] = [{ messages: 30, bytes: 0 }, { messages: 100, bytes: 0 }, { messages: 50, bytes: 0 }, { messages: 20, bytes: 0 }];
    let i = 0;
    const sut = new WaterMarkGauge('queue', marks, () => depths[i++] as QueueDepth);
    expect(depths.map(() => sut.headroom(sut.sample().depth))).toEqual([70, 0, 0, 80]);
  });

  it('ignores a unit whose marks are both Infinity, and refuses marks that leave no hysteresis', () => {
    const lines = { high: { messages: 10, bytes: Infinity }, low: { messages: 5, bytes: Infinity } };
    const sut = new WaterMarkGauge('lines', lines, () => ({ messages: 10, bytes: 1e12 }));
    expect(sut.sample().over).toBe(true);
    expect(sut.describe({ messages: 10, bytes: 0 })).toContain('lines: 10 messages');
    expect(() => new WaterMarkGauge('bad', { high: { messages: 10, bytes: 10 }, low: { messages: 10, bytes: 5 } }, () => ({ messages: 0, bytes: 0 }))).toThrow(/low water/);
  });
});
