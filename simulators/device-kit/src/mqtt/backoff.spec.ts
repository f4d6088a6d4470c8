import { backoffDelayMs, RetrySchedule } from './backoff';

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

describe(RetrySchedule.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits longer after each failure in a row and starts over after a success', () => {
    const sut = new RetrySchedule({ initialMs: 1000, maxMs: 30_000 }, () => 0);
    const attempt = jest.fn();
    expect(sut.retry(attempt)).toBe(500);
    jest.advanceTimersByTime(499);
    expect(attempt).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(sut.retry(attempt)).toBe(1000);
    jest.advanceTimersByTime(1000);
    sut.succeeded();
    expect(sut.retry(attempt)).toBe(500);
  });

  it('keeps one retry pending at a time, and cancel drops it', () => {
    const sut = new RetrySchedule({ initialMs: 100, maxMs: 1000 }, () => 0);
    const attempt = jest.fn();
    sut.retry(attempt);
    expect(sut.retry(attempt)).toBeUndefined();
    expect(sut.pending).toBe(true);
    sut.cancel();
    jest.advanceTimersByTime(10_000);
    expect(attempt).not.toHaveBeenCalled();
    expect(sut.pending).toBe(false);
  });
});
