/**
 * Coalesces live changes per entity: at most one update per entity every `minIntervalMs`, always the latest value.
 * Memory is bounded by the number of entities, whatever the message rate.
 */
export class ChangeCoalescer<T> {
  private readonly pending = new Map<string, T>();
  private readonly lastEmitted = new Map<string, number>();

  constructor(private readonly minIntervalMs: number) {}

  offer(key: string, value: T): void {
    this.pending.set(key, value);
  }

  /** Removes and returns the pending values that may be sent at `nowMs`; the rest wait for a later drain. */
  drain(nowMs: number): Map<string, T> {
    const ready = new Map<string, T>();
    for (const [key, value] of this.pending) {
      const last = this.lastEmitted.get(key);
      if (last !== undefined && nowMs - last < this.minIntervalMs) continue;
      ready.set(key, value);
      this.lastEmitted.set(key, nowMs);
    }
    for (const key of ready.keys()) this.pending.delete(key);
    return ready;
  }

  get size(): number {
    return this.pending.size;
  }
}
