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
    // However late a loaded machine runs the 5 ms poll; then a little longer, to see it fire only once.
    for (let waited = 0; fired.length === 0 && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 30));
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
