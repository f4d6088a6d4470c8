/**
 * Records what a virtual controller shows, change by change, as the contracts' SignalInterval timeline plus
 * every time-to-change it announced, so specs can run the contracts' sequence rules over it.
 */
import type { ControllerState } from '@arterial/contracts/mqtt/v1';
import { conflictingGreens, type BroadcastPromise, type SignalInterval } from '@arterial/contracts/network';
import type { VirtualController } from '../virtual-controller';

export interface TimedEvent {
  atMs: number;
  apply: (tMs: number) => void;
}

export class RingRecorder {
  readonly intervals: SignalInterval[] = [];
  readonly promises: BroadcastPromise[] = [];
  readonly states: ControllerState[] = [];
  readonly conflicts: string[] = [];
  private lastLit: number | undefined;

  constructor(private readonly controller: VirtualController) {}

  /** Samples the controller at tMs (a state message, as the engine would publish it). */
  sample(tMs: number): ControllerState {
    const state = this.controller.stateAt(tMs);
    this.states.push(state);
    for (const p of state.phases) this.promises.push({ atMs: tMs, phase: p.id, state: p.state, remainingS: p.remainingS });
    const lit = state.phases.filter((p) => p.state === 'green' || p.state === 'yellow');
    const clash = conflictingGreens(this.controller.junction, lit.map((p) => p.id));
    if (lit.length > 1 || clash.length > 0) this.conflicts.push(`${tMs}: ${lit.map((p) => `${p.id} ${p.state}`).join(', ')}`);
    const flashing = state.phases.every((p) => p.state === 'flashing-yellow');
    const one = lit[0];
    const interval: SignalInterval = flashing
      ? { phase: undefined, state: 'flash', startMs: tMs, endMs: tMs }
      : one
        ? { phase: one.id, state: one.state as 'green' | 'yellow', startMs: tMs, endMs: tMs }
        : { phase: this.lastLit, state: 'red', startMs: tMs, endMs: tMs };
    if (flashing) this.lastLit = undefined;
    else if (one) this.lastLit = one.id;
    const last = this.intervals[this.intervals.length - 1];
    if (last && last.phase === interval.phase && last.state === interval.state) return state;
    if (last) last.endMs = tMs;
    this.intervals.push(interval);
    return state;
  }

  /** Samples every change in [fromMs, toMs) and once a second, applying each event (sorted by atMs) at its time first. */
  run(fromMs: number, toMs: number, events: readonly TimedEvent[] = []): void {
    let next = 0;
    for (let t = fromMs; t < toMs; ) {
      while (next < events.length && events[next]!.atMs <= t) events[next++]!.apply(t);
      this.sample(t);
      const tick = t - (((t % 1000) + 1000) % 1000) + 1000;
      t = Math.min(this.controller.nextChangeAfterMs(t), tick, events[next]?.atMs ?? Number.POSITIVE_INFINITY, toMs);
    }
    this.close(toMs);
  }

  /** Ends the open interval at tMs. */
  close(tMs: number): void {
    const last = this.intervals[this.intervals.length - 1];
    if (last) last.endMs = tMs;
  }
}
