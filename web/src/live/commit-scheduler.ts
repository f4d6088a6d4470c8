/**
 * One commit point shared by the live stores. The gateway sends a server tick as separate /ws messages (link
 * estimates, a detector and signal delta, counters) that arrive and parse in separate tasks; committing each on its
 * own would cost one map repaint per message, and a repaint of the whole map is the dearest thing the page does
 * (with software WebGL, hundreds of ms). So the first request of a burst opens a short window; when it closes, every
 * callback requested meanwhile runs in one animation frame, and a renderer told of the commits (`onCommitted`) can
 * draw their result in that same frame: one round of feature-state writes, one React render and one repaint per
 * tick, all in one frame rather than spread over several.
 */

/** Runs a store's commit later; tests drive their own. */
export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

export interface TimerFunctions {
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(handle: number): void;
}

/** Long enough to take in the rest of a tick after its first message has parsed; short next to the feed's 1 s beat. */
export const COMMIT_WINDOW_MS = 120;

export const animationFrameScheduler: FrameScheduler = {
  request: (callback) => window.requestAnimationFrame(callback),
  cancel: (handle) => window.cancelAnimationFrame(handle),
};

const windowTimers: TimerFunctions = {
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (handle) => window.clearTimeout(handle),
};

export class CoalescingCommitScheduler implements FrameScheduler {
  private readonly pending = new Map<number, () => void>();
  private readonly committedListeners = new Set<() => void>();
  private nextHandle = 1;
  private timer: number | null = null;
  private frame: number | null = null;

  constructor(
    private readonly windowMs: number = COMMIT_WINDOW_MS,
    private readonly timers: TimerFunctions = windowTimers,
    private readonly frames: FrameScheduler = animationFrameScheduler,
  ) {}

  request(callback: () => void): number {
    const handle = this.nextHandle;
    this.nextHandle += 1;
    this.pending.set(handle, callback);
    if (this.timer === null && this.frame === null) this.timer = this.timers.setTimeout(() => this.requestFrame(), this.windowMs);
    return handle;
  }

  cancel(handle: number): void {
    this.pending.delete(handle);
    if (this.pending.size > 0) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    if (this.frame !== null) this.frames.cancel(this.frame);
    this.timer = null;
    this.frame = null;
  }

  /** Calls `listener` after each batch of commits, in the same frame (a map draws the new state there and then). */
  onCommitted(listener: () => void): () => void {
    this.committedListeners.add(listener);
    return () => this.committedListeners.delete(listener);
  }

  private requestFrame(): void {
    this.timer = null;
    this.frame = this.frames.request(() => this.flush());
  }

  private flush(): void {
    this.frame = null;
    const callbacks = [...this.pending.values()];
    this.pending.clear();
    for (const callback of callbacks) callback();
    for (const listener of [...this.committedListeners]) listener();
  }
}

/** The scheduler every live store uses unless given another: shared, so all of them commit in the same frame. */
export const liveCommitScheduler = new CoalescingCommitScheduler();
