import { openLaneShare, parseLaneClosure } from './incidents';

describe(parseLaneClosure.name, () => {
  const sut = parseLaneClosure;

  it('reads link, lanes and two ISO times that contain colons', () => {
    expect(sut('XA-D3_XA-D4:2:2026-11-27T08:00:00+08:00:2026-11-27T09:30:00+08:00')).toEqual({
      linkId: 'XA-D3_XA-D4',
      lanesClosed: 2,
      startMs: Date.parse('2026-11-27T00:00:00Z'),
      endMs: Date.parse('2026-11-27T01:30:00Z'),
    });
  });

  it('rejects malformed closures', () => {
    expect(() => sut('XA-D3_XA-D4:2:2026-11-27T08:00:00+08:00')).toThrow(/incident/);
    expect(() => sut('XA-D3_XA-D4:0:2026-11-27T08:00:00Z:2026-11-27T09:00:00Z')).toThrow(/lanes/);
    expect(() => sut('XA-D3_XA-D4:1:2026-11-27T09:00:00Z:2026-11-27T08:00:00Z')).toThrow(/end after start/);
  });
});

describe(openLaneShare.name, () => {
  it('closes lanes only while the closure lasts, never below zero', () => {
    const closures = [{ linkId: 'L', lanesClosed: 1, startMs: 100, endMs: 200 }];
    expect(openLaneShare(closures, 3, 99)).toBe(1);
    expect(openLaneShare(closures, 3, 100)).toBeCloseTo(2 / 3);
    expect(openLaneShare(closures, 3, 200)).toBe(1);
    expect(openLaneShare([...closures, { ...closures[0]!, lanesClosed: 5 }], 3, 150)).toBe(0);
  });
});
