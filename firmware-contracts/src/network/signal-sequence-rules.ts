/**
 * The rules every controller keeps while it changes indications, as pure functions over a timeline of
 * intervals (one ring: at most one phase green or yellow at a time). Controllers call earliestGreenEndMs before
 * they end a green for any reason (plan change, hold, flash, gap-out); monitors and property tests run
 * sequenceFaults and broadcastFaults over what a controller showed and announced.
 *
 * - A plan change takes effect only at a sync point (a cycle boundary of what runs; isSyncPoint).
 * - A green never ends before its effective minimum (minimum green, pedestrian walk + clearance) has run,
 *   nor before the time-to-change already announced for it.
 * - Yellow and all-red always run in full, and a phase's all-red follows its yellow (flash starts only after them).
 * - Phases follow the sequence; v1.3: a phase a plan lets be skipped (`skipWithoutCall`) may be passed over, never the first.
 * - An announced time-to-change (state remainingS) is never shortened: the indication holds at least that long.
 */
import type { PhaseState } from '../mqtt/v1/schemas';
import type { PhaseDefinition } from './network.schema';
import { effectiveMinGreenS, type JunctionLimits } from './plan-safety';

/** One interval of a ring. 'red' is the all-red after `phase`'s yellow, or (phase undefined) the start-up all-red after flash. */
export interface SignalInterval {
  phase: number | undefined;
  state: 'green' | 'yellow' | 'red' | 'flash';
  startMs: number;
  /** Exclusive. */
  endMs: number;
}

/** A time-to-change a controller announced: phase `phase` showed `state` at atMs and said it would for remainingS more. */
export interface BroadcastPromise {
  atMs: number;
  phase: number;
  state: PhaseState;
  remainingS: number;
}

export interface SequenceFault {
  rule: 'green-below-minimum' | 'green-not-followed-by-yellow' | 'yellow-cut' | 'all-red-cut' | 'clearance-skipped' | 'out-of-sequence' | 'broadcast-shortened';
  atMs: number;
  phase: number | undefined;
  detail: string;
}

/** Millisecond tolerance for times kept in whole milliseconds but configured in tenths of a second. */
const TOLERANCE_MS = 1;

/** Whole milliseconds of a configured time, as every controller here rounds them. */
export function msOf(seconds: number): number {
  return Math.round(seconds * 1000);
}

/**
 * The earliest a running green may end, for any reason: after its effective minimum (pedestrians included)
 * and not before the end already announced for it.
 */
export function earliestGreenEndMs(phase: PhaseDefinition, greenStartMs: number, announcedEndMs: number = Number.NEGATIVE_INFINITY): number {
  return Math.max(greenStartMs + Math.ceil(effectiveMinGreenS(phase) * 1000), announcedEndMs);
}

/** A new plan may take over only at a sync point: the start of a cycle of whatever runs. */
export function isSyncPoint(cyclePositionMs: number): boolean {
  return cyclePositionMs === 0;
}

/** The indication of a phase during one interval. */
export function indicationOf(interval: SignalInterval, phaseId: number): PhaseState {
  if (interval.state === 'flash') return 'flashing-yellow';
  if (interval.phase === phaseId && (interval.state === 'green' || interval.state === 'yellow')) return interval.state;
  return 'red';
}

/**
 * Faults in a timeline (sorted, contiguous). The first and last intervals may be cut by the window, so their
 * lengths are not judged. Greens above their maximum are not faults here: a hold keeps a green on by order.
 */
export function sequenceFaults(
  junction: JunctionLimits,
  intervals: readonly SignalInterval[],
  /** v1.3: phases a plan let be skipped (`skipWithoutCall`): the ring may pass over them to the next phase. */
  skippable: ReadonlySet<number> = new Set(),
): SequenceFault[] {
  const faults: SequenceFault[] = [];
  const phaseOf = (id: number | undefined) => junction.phases.find((p) => p.id === id);
  const following = (id: number) => junction.sequence[(junction.sequence.indexOf(id) + 1) % junction.sequence.length]!;
  // The next green after `id`'s: the next in sequence, or one after skippable phases (never past the first phase).
  const inSequenceAfter = (id: number, nextId: number | undefined): boolean => {
    for (let candidate = following(id), hops = 0; hops < junction.sequence.length; candidate = following(candidate), hops++) {
      if (candidate === nextId) return true;
      if (!skippable.has(candidate) || candidate === junction.sequence[0]) return false;
    }
    return false;
  };
  for (let i = 0; i < intervals.length; i++) {
    const current = intervals[i]!;
    const next = intervals[i + 1];
    const whole = i > 0 && next !== undefined;
    const lengthMs = current.endMs - current.startMs;
    const phase = phaseOf(current.phase);
    const fault = (rule: SequenceFault['rule'], detail: string) => faults.push({ rule, atMs: current.startMs, phase: current.phase, detail });
    if (current.state === 'green' && phase) {
      if (whole && lengthMs < Math.ceil(effectiveMinGreenS(phase) * 1000) - TOLERANCE_MS) fault('green-below-minimum', `green ${lengthMs} ms < ${effectiveMinGreenS(phase)} s`);
      if (next && (next.state !== 'yellow' || next.phase !== current.phase)) fault('green-not-followed-by-yellow', `green followed by ${next.state} of ${next.phase}`);
    } else if (current.state === 'yellow' && phase) {
      if (whole && Math.abs(lengthMs - msOf(phase.yellowS)) > TOLERANCE_MS) fault('yellow-cut', `yellow ${lengthMs} ms instead of ${msOf(phase.yellowS)} ms`);
      const allRedMs = msOf(phase.allRedS);
      if (next && allRedMs > 0 && (next.state !== 'red' || next.phase !== current.phase)) fault('clearance-skipped', `yellow followed by ${next.state} of ${next.phase}`);
      if (next && allRedMs === 0 && next.state === 'green' && !inSequenceAfter(current.phase!, next.phase)) fault('out-of-sequence', `phase ${next.phase} after ${current.phase}`);
    } else if (current.state === 'red' && phase) {
      if (whole && Math.abs(lengthMs - msOf(phase.allRedS)) > TOLERANCE_MS) fault('all-red-cut', `all-red ${lengthMs} ms instead of ${msOf(phase.allRedS)} ms`);
      if (next && next.state === 'green' && !inSequenceAfter(current.phase!, next.phase)) fault('out-of-sequence', `phase ${next.phase} after ${current.phase}`);
    } else if (current.state === 'flash') {
      if (next && next.state !== 'red') fault('clearance-skipped', `flash left for ${next.state} without a start-up all-red`);
    }
    if (next && current.state !== 'flash' && next.state === 'flash') {
      const clearedPhase = current.state === 'red' || (current.state === 'yellow' && phase !== undefined && msOf(phase.allRedS) === 0);
      if (!clearedPhase) fault('clearance-skipped', `flash entered from ${current.state} of ${current.phase}`);
    }
  }
  return faults;
}

/** Announcements the timeline broke: a phase whose indication changed before the time-to-change it announced. */
export function broadcastFaults(intervals: readonly SignalInterval[], promises: readonly BroadcastPromise[]): SequenceFault[] {
  const faults: SequenceFault[] = [];
  for (const promise of promises) {
    const dueMs = promise.atMs + promise.remainingS * 1000;
    const changeMs = firstChangeAfter(intervals, promise.phase, promise.state, promise.atMs);
    if (changeMs !== undefined && changeMs < dueMs - TOLERANCE_MS) {
      faults.push({
        rule: 'broadcast-shortened',
        atMs: promise.atMs,
        phase: promise.phase,
        detail: `announced ${promise.state} for ${promise.remainingS} s, changed after ${(changeMs - promise.atMs) / 1000} s`,
      });
    }
  }
  return faults;
}

/** When the phase first stops showing `state` after atMs; undefined if it still does at the end of the timeline. */
function firstChangeAfter(intervals: readonly SignalInterval[], phaseId: number, state: PhaseState, atMs: number): number | undefined {
  let lo = 0;
  let hi = intervals.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (intervals[mid]!.endMs <= atMs) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < intervals.length; i++) {
    const interval = intervals[i]!;
    if (indicationOf(interval, phaseId) !== state) return Math.max(interval.startMs, atMs);
  }
  return undefined;
}
