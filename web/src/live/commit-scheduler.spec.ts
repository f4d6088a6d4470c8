import { CoalescingCommitScheduler, type FrameScheduler, type TimerFunctions } from './commit-scheduler';

/** Timers and frames that run only when told to. */
class Manual implements TimerFunctions, FrameScheduler {
  readonly timers = new Map<number, { callback: () => void; ms: number }>();
  readonly frames = new Map<number, () => void>();
  private next = 1;
  setTimeout(callback: () => void, ms: number): number {
    this.timers.set(this.next, { callback, ms });
    return this.next++;
  }
  clearTimeout(handle: number): void {
    this.timers.delete(handle);
  }
  request(callback: () => void): number {
    this.frames.set(this.next, callback);
    return this.next++;
  }
  cancel(handle: number): void {
    this.frames.delete(handle);
  }
  fireTimers(): void {
    const due = [...this.timers.values()];
    this.timers.clear();
    for (const timer of due) timer.callback();
  }
  runFrame(): void {
    const due = [...this.frames.values()];
    this.frames.clear();
    for (const callback of due) callback();
  }
}

function setup() {
  const manual = new Manual();
  return { manual, sut: new CoalescingCommitScheduler(120, manual, manual) };
}

describe(CoalescingCommitScheduler.name, () => {
  it('runs every callback requested within the window in one frame, in request order', () => {
    const { manual, sut } = setup();
    const ran: string[] = [];
    sut.request(() => ran.push('estimates'));
    sut.request(() => ran.push('delta'));
    expect([...manual.timers.values()].map((t) => t.ms)).toEqual([120]);
    manual.fireTimers();
    expect(manual.frames.size).toBe(1);
    expect(ran).toEqual([]);
    sut.request(() => ran.push('counters'));
    expect(manual.timers.size).toBe(0);
    manual.runFrame();
    expect(ran).toEqual(['estimates', 'delta', 'counters']);
  });

  it('tells listeners after each batch of commits, in the same frame', () => {
    const { manual, sut } = setup();
    const order: string[] = [];
    sut.onCommitted(() => order.push('repaint'));
    sut.request(() => order.push('commit links'));
    sut.request(() => order.push('commit detectors'));
    manual.fireTimers();
    expect(order).toEqual([]);
    manual.runFrame();
    expect(order).toEqual(['commit links', 'commit detectors', 'repaint']);
  });

  it('opens a new window for a request made after the last frame ran', () => {
    const { manual, sut } = setup();
    let runs = 0;
    sut.request(() => (runs += 1));
    manual.fireTimers();
    manual.runFrame();
    sut.request(() => (runs += 1));
    expect(manual.timers.size).toBe(1);
    manual.fireTimers();
    manual.runFrame();
    expect(runs).toBe(2);
  });

  it('drops a cancelled callback and stops waiting when nothing is left', () => {
    const { manual, sut } = setup();
    const ran: string[] = [];
    const first = sut.request(() => ran.push('first'));
    const second = sut.request(() => ran.push('second'));
    sut.cancel(first);
    expect(manual.timers.size).toBe(1);
    sut.cancel(second);
    expect(manual.timers.size).toBe(0);
    sut.request(() => ran.push('third'));
    manual.fireTimers();
    manual.runFrame();
    expect(ran).toEqual(['third']);
  });
});
