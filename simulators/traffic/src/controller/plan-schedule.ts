/**
 * What a controller runs over time: the plan in force, and once a change is ordered, the offset-seeking
 * transition cycles and the new plan after them. Changes only ever take effect at a cycle boundary of whatever
 * runs at the time of the order, so no green is cut short and every phase keeps its yellow and all-red.
 */
import type { ControllerMode } from '@arterial/contracts/mqtt/v1';
import type { JunctionLimits } from '@arterial/contracts/network';
import { seekOffset } from './plan-transition';
import { SignalTimer, type TimingPlan } from './signal-timer';

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
    const transition = seekOffset(this.junction, next.timing, boundaryMs);
    this.segments = [{ ...current, endMs: boundaryMs }];
    for (const cycle of transition.cycles) {
      const timing: TimingPlan = { cycleS: cycle.lengthMs / 1000, offsetS: (cycle.startMs % cycle.lengthMs) / 1000, splits: cycle.splits };
      this.segments.push({ ...this.planSegment(next, cycle.startMs, timing), endMs: cycle.startMs + cycle.lengthMs, transition: true });
    }
    this.segments.push(this.planSegment(next, transition.targetStartMs, { ...next.timing, offsetS: transition.targetOffsetMs / 1000 }));
    return boundaryMs;
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
