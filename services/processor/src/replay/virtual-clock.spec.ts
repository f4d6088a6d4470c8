import { ClockTicker } from '../clock/clock-ticker';
import { VirtualClock } from './virtual-clock';

describe(VirtualClock.name, () => {
  const MIN = 60_000;

  it('stops on each boundary before the target with the clock on it, in order across tickers, and sets no timer', () => {
    const sut = new VirtualClock(30_000);
    const fired: string[] = [];
    const minute = new ClockTicker(sut, { periodMs: MIN, pollMs: 1 }, (b) => fired.push(`m${b}@${sut.now()}`));
    const five = new ClockTicker(sut, { periodMs: 5 * MIN, pollMs: 1 }, (b) => fired.push(`f${b}@${sut.now()}`));
    minute.start();
    five.start();
    expect(sut.advanceTo(5 * MIN + 10)).toBe(6);
    expect(fired).toEqual([`m${MIN}@${MIN}`, `m${2 * MIN}@${2 * MIN}`, `m${3 * MIN}@${3 * MIN}`, `m${4 * MIN}@${4 * MIN}`, `m${5 * MIN}@${5 * MIN}`, `f${5 * MIN}@${5 * MIN}`]);
    expect(sut.now()).toBe(5 * MIN + 10);
    minute.stop();
    five.stop();
  });

  it('leaves a boundary at the target for the next move, unless inclusive', () => {
    const sut = new VirtualClock(0);
    const fired: number[] = [];
    const ticker = new ClockTicker(sut, { periodMs: MIN, pollMs: 1 }, (b) => fired.push(b));
    ticker.start();
    expect(sut.advanceTo(MIN)).toBe(0);
    expect(sut.advanceTo(MIN)).toBe(0);
    expect(sut.advanceTo(MIN + 1)).toBe(1);
    expect(sut.advanceTo(2 * MIN, true)).toBe(1);
    expect(fired).toEqual([MIN, 2 * MIN]);
    ticker.stop();
  });

  it('never moves back, and a stopped ticker fires no more', () => {
    const sut = new VirtualClock(10 * MIN);
    const fired: number[] = [];
    const ticker = new ClockTicker(sut, { periodMs: MIN, pollMs: 1 }, (b) => fired.push(b));
    ticker.start();
    sut.advanceTo(5 * MIN);
    expect(sut.now()).toBe(10 * MIN);
    ticker.stop();
    expect(sut.advanceTo(20 * MIN)).toBe(0);
    expect(fired).toEqual([]);
  });
});
