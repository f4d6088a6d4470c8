/**
 * Replay's clock: moved by the replay as recorded messages arrive. Clock tickers on it (estimation, alerts, and any
 * capability that steps on period boundaries) set no real-time timer: moving the clock stops on every boundary a
 * ticker waits for, with the time exactly on the boundary, and polls the tickers there. So each boundary fires once,
 * after every message received before it, on the same ClockTicker path the wall clock drives live.
 */
import type { ClockTicker, TickingClock } from '../clock/clock-ticker';

export class VirtualClock implements TickingClock {
  private readonly tickers: ClockTicker[] = [];

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  attach(ticker: ClockTicker): () => void {
    this.tickers.push(ticker);
    return () => {
      const i = this.tickers.indexOf(ticker);
      if (i >= 0) this.tickers.splice(i, 1);
    };
  }

  /**
   * Moves to `ms` (never back: an earlier time leaves the clock where it is). Boundaries before `ms` fire on the way;
   * one at `ms` itself waits for the next move, so messages received at that instant are in, as live where the poll
   * comes a moment after the boundary; `inclusive` fires it too (the end of a replay). Returns the boundaries fired.
   */
  advanceTo(ms: number, inclusive = false): number {
    let fired = 0;
    for (;;) {
      const next = this.nextBoundary();
      if (next === undefined || next > ms || (next === ms && !inclusive)) break;
      if (next > this.current) this.current = next;
      // A ticker whose boundary this is fires it; the others find nothing due.
      let polled = 0;
      for (const ticker of [...this.tickers]) polled += ticker.poll();
      fired += polled;
      if (polled === 0) break; // cannot happen with PeriodBoundaries; guards the loop against a ticker that never fires
    }
    if (ms > this.current) this.current = ms;
    return fired;
  }

  private nextBoundary(): number | undefined {
    let next: number | undefined;
    for (const ticker of this.tickers) {
      const b = ticker.nextBoundary();
      if (b !== undefined && (next === undefined || b < next)) next = b;
    }
    return next;
  }
}
