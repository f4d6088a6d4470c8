/**
 * What a controller runs over time: the plan in force, and once a change is ordered, the offset-seeking
 * transition cycles and the new plan after them. Changes only ever take effect at a cycle boundary of whatever
 * runs at the time of the order, so no green is cut short and every phase keeps its yellow and all-red.
 */
import type { ControllerMode } from '@arterial/contracts/mqtt/v1';
import type { JunctionLimits } from '@arterial/contracts/network';
import { seekOffset } from './plan-transition';
import { SignalTimer, type TimedInterval, type TimingPlan } from './signal-timer';

export type PlanMode = Extract<ControllerMode, 'fixed' | 'adaptive'>;

export interface ScheduledPlan {
  planId: string;
  mode: PlanMode;
  timing: TimingPlan;
}

export interface Segment {
  startMs: number;
  /** Exclusive; +∞ for the last segment. */
  endMs: number;
  timer: SignalTimer;
  planId: string;
  mode: PlanMode;
  /** An offset-seeking cycle rather than the plan itself. */
  transition: boolean;
}

export class PlanSchedule {
  private segments: Segment[];

  constructor(
    private readonly junction: JunctionLimits,
    initial: ScheduledPlan,
  ) {
    this.segments = [this.planSegment(initial, Number.NEGATIVE_INFINITY, initial.timing)];
  }

  /** The segment running at tMs. */
  at(tMs: number): Segment {
    // A handful of segments at most: scan from the newest.
    for (let i = this.segments.length - 1; i > 0; i--) if (this.segments[i]!.startMs <= tMs) return this.segments[i]!;
    return this.segments[0]!;
  }

  /** The plan that runs once every ordered change is done. */
  get target(): ScheduledPlan {
    const last = this.segments[this.segments.length - 1]!;
    return { planId: last.planId, mode: last.mode, timing: last.timer.plan };
  }

  /**
   * Orders a change to `next` at the first cycle boundary after tMs, replacing any change not begun yet.
   * Returns the boundary (when the transition starts).
   */
  switchTo(next: ScheduledPlan, tMs: number): number {
    const current = this.at(tMs);
    const boundaryMs = Math.min(current.timer.nextCycleStartAfterMs(tMs), current.endMs);
    this.segments = [{ ...current, endMs: boundaryMs }];
    this.seekFrom(next, boundaryMs);
    return boundaryMs;
  }

  /**
   * Starts `plan` afresh at atMs with firstPhase's green (after a hold or flash, when the ring stood outside any
   * plan): the rest of that cycle at whatever offset puts firstPhase there, then the usual offset-seeking
   * transition from its end. Everything ordered before is replaced.
   */
  restartAt(plan: ScheduledPlan, atMs: number, firstPhase: number): void {
    const current = this.at(atMs);
    this.segments = [{ ...current, endMs: atMs }];
    const cycleMs = Math.round(plan.timing.cycleS * 1000);
    const intoCycleMs = new SignalTimer(this.junction.phases, this.junction.sequence, plan.timing).greenStartInCycleMs(firstPhase) ?? 0;
    if (intoCycleMs === 0) {
      this.seekFrom(plan, atMs);
      return;
    }
    const offsetS = (((atMs - intoCycleMs) % cycleMs) + cycleMs) % cycleMs / 1000;
    const boundaryMs = atMs - intoCycleMs + cycleMs;
    this.segments.push({ ...this.planSegment(plan, atMs, { ...plan.timing, offsetS }), endMs: boundaryMs, transition: true });
    this.seekFrom(plan, boundaryMs);
  }

  /** The interval running at tMs across segments, in epoch ms. */
  timedIntervalAt(tMs: number): TimedInterval {
    const segment = this.at(tMs);
    const interval = segment.timer.timedIntervalAt(tMs);
    return { ...interval, startMs: Math.max(interval.startMs, segment.startMs), endMs: Math.min(interval.endMs, segment.endMs) };
  }

  /** The phase's green running at tMs or next after it, looking into the following segment when this one has none left. */
  greenWindowFrom(phaseId: number, tMs: number): { startMs: number; endMs: number } | undefined {
    const segment = this.at(tMs);
    const window = segment.timer.greenWindowFrom(phaseId, tMs);
    if (window && window.startMs < segment.endMs) return window;
    const next = this.segments.find((s) => s.startMs === segment.endMs && s !== segment);
    return next ? next.timer.greenWindowFrom(phaseId, next.startMs) : undefined;
  }

  /** Appends the offset-seeking cycles towards `next` from boundaryMs, then `next` itself. */
  private seekFrom(next: ScheduledPlan, boundaryMs: number): void {
    const transition = seekOffset(this.junction, next.timing, boundaryMs);
    for (const cycle of transition.cycles) {
      const timing: TimingPlan = { cycleS: cycle.lengthMs / 1000, offsetS: (cycle.startMs % cycle.lengthMs) / 1000, splits: cycle.splits };
      this.segments.push({ ...this.planSegment(next, cycle.startMs, timing), endMs: cycle.startMs + cycle.lengthMs, transition: true });
    }
    this.segments.push(this.planSegment(next, transition.targetStartMs, { ...next.timing, offsetS: transition.targetOffsetMs / 1000 }));
  }

  /** Epoch ms of the first indication change strictly after tMs. */
  nextChangeAfterMs(tMs: number): number {
    const segment = this.at(tMs);
    return Math.min(segment.timer.nextChangeAfterMs(tMs), segment.endMs);
  }

  private planSegment(plan: ScheduledPlan, startMs: number, timing: TimingPlan): Segment {
    return {
      startMs,
      endMs: Number.POSITIVE_INFINITY,
      timer: new SignalTimer(this.junction.phases, this.junction.sequence, timing),
      planId: plan.planId,
      mode: plan.mode,
      transition: false,
    };
  }
}
