import { LogThrottle } from './log-throttle';

describe(LogThrottle.name, () => {
  it('admits up to the limit per key and window, then reports what it held back', () => {
    const sut = new LogThrottle(2, 1000);
    expect([0, 1, 2, 3].map((t) => sut.admit('schema', t).log)).toEqual([true, true, false, false]);
    expect(sut.admit('bad-json', 5).log).toBe(true);
    expect(sut.admit('schema', 1000)).toEqual({ log: true, suppressedBefore: 2 });
  });
});
