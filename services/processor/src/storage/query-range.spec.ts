import { queryRange } from './query-range';

describe(queryRange.name, () => {
  const now = 1_700_000_000_000;

  it('ends now and spans the default when nothing is asked', () => {
    expect(queryRange({}, now, 3600_000)).toEqual({ fromMs: now - 3600_000, toMs: now });
  });

  it('counts the default span back from an asked end', () => {
    expect(queryRange({ to: now - 10_000 }, now, 60_000)).toEqual({ fromMs: now - 70_000, toMs: now - 10_000 });
  });

  it('keeps both bounds when both are asked', () => {
    expect(queryRange({ from: 5, to: 9 }, now, 60_000)).toEqual({ fromMs: 5, toMs: 9 });
  });
});
