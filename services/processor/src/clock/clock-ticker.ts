/**
 * Runs a task at every period boundary of an injected clock. A short real-time poll reads the clock, so a ManualClock
 * or a virtual clock moved by hand drives it as the wall clock does; `poll()` lets replay and tests fire due
 * boundaries synchronously without waiting for the timer.
 */
import type { Clock } from './clock';
import { PeriodBoundaries } from './period-boundaries';

/**
 * A clock that moves itself and polls the tickers on it as it passes their boundaries (replay's VirtualClock): a
 * ticker on such a clock sets no real-time timer, so every boundary fires exactly once, in virtual-time order.
 */
export interface TickingClock extends Clock {
  /** Registers a started ticker; returns the function that removes it. */
  attach(ticker: ClockTicker): () => void;
}

function isTickingClock(clock: Clock): clock is TickingClock {
  return typeof (clock as Partial<TickingClock>).attach === 'function';
}

export interface ClockTickerOptions {
  periodMs: number;
  /** How often the clock is read (real time). Small against the period; the boundary is what the task gets either way. */
  pollMs: number;
  maxCatchUp?: number;
}

export class ClockTicker {
  private boundaries: PeriodBoundaries | undefined;
  private timer: NodeJS.Timeout | undefined;
  private detach: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly options: ClockTickerOptions,
    /** Gets the boundary (epoch ms), not the time of the poll, so results do not depend on poll jitter. */
    private readonly task: (boundaryMs: number) => void,
  ) {}

  start(): void {
    if (this.timer || this.detach) return;
    this.boundaries = new PeriodBoundaries(this.options.periodMs, this.clock.now(), this.options.maxCatchUp);
    if (isTickingClock(this.clock)) {
      this.detach = this.clock.attach(this);
      return;
    }
    this.timer = setInterval(() => this.poll(), this.options.pollMs);
    this.timer.unref();
  }

  /** Fires the task for every boundary passed since the last poll; returns how many. */
  poll(): number {
    if (!this.boundaries) return 0;
    const due = this.boundaries.crossed(this.clock.now());
    for (const b of due) this.task(b);
    return due.length;
  }

  /** The next boundary this ticker fires at, undefined unless started. */
  nextBoundary(): number | undefined {
    return this.boundaries?.next();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.detach?.();
    this.detach = undefined;
    this.boundaries = undefined;
  }
}
