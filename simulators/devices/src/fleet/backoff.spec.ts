import { backoffDelayMs } from './backoff';

describe(backoffDelayMs.name, () => {
  const options = { initialMs: 1000, maxMs: 30_000 };

  it('doubles per attempt between half and all of the ceiling', () => {
    expect(backoffDelayMs(0, options, () => 0)).toBe(500);
    expect(backoffDelayMs(0, options, () => 0.999999)).toBe(1000);
    expect(backoffDelayMs(3, options, () => 0)).toBe(4000);
  });

  it('never exceeds the maximum, however many attempts failed', () => {
    expect(backoffDelayMs(100, options, () => 0.999999)).toBe(30_000);
    expect(backoffDelayMs(100, options, () => 0)).toBe(15_000);
  });
});
