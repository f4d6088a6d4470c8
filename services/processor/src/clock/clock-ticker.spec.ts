import { ManualClock } from './clock';
import { ClockTicker } from './clock-ticker';

describe(ClockTicker.name, () => {
  let sut: ClockTicker;
  afterEach(() => sut.stop());

  it('runs the task with each boundary a manual clock passes, from the real-time poll', async () => {
    const clock = new ManualClock(1_000_000_000_000 + 15_000);
    const fired: number[] = [];
    sut = new ClockTicker(clock, { periodMs: 60_000, pollMs: 5 }, (b) => fired.push(b));
    sut.start();
    clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fired).toEqual([1_000_000_020_000]);
  });

  it('poll() fires due boundaries synchronously, and nothing before start or after stop', () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    sut = new ClockTicker(clock, { periodMs: 1000, pollMs: 60_000 }, (b) => fired.push(b));
    clock.advance(5000);
    expect(sut.poll()).toBe(0);
    sut.start();
    clock.advance(2500);
    expect(sut.poll()).toBe(2);
    expect(fired).toEqual([6000, 7000]);
    sut.stop();
    clock.advance(5000);
    expect(sut.poll()).toBe(0);
  });
});
