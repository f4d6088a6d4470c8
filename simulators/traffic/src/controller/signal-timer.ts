/**
 * Fixed-time signal timing as a pure function of time: a plan (cycle, offset, splits) run over the junction's
 * phase sequence, each phase green → yellow → all-red. Works in integer milliseconds so the half-second
 * clearances never drift, and keys the cycle to the Unix epoch so every controller with a synchronised clock
 * shares one coordination reference (cycleSecond = (t − offset) mod cycle).
 */
import type { PhaseDefinition } from '@arterial/contracts/network';
import type { PhaseState, PhaseStatus, PlanSplit } from '@arterial/contracts/mqtt/v1';
import { describePlanViolation, sequenceTimingViolations } from '@arterial/contracts/network';

export interface TimingPlan {
  cycleS: number;
  offsetS: number;
  splits: PlanSplit[];
  /** v1.1: the phase that keeps its yield point under actuation. */
  coordinatedPhase?: number;
}

/** One interval of the ring in epoch ms; 'red' is the all-red after phaseId's yellow. */
export interface TimedInterval {
  phaseId: number;
  state: 'green' | 'yellow' | 'red';
  startMs: number;
  endMs: number;
}

interface Interval {
  phaseId: number;
  /** 'red' here is the all-red after the phase's yellow. */
  state: 'green' | 'yellow' | 'red';
  startMs: number;
  endMs: number;
}

/**
 * Why a plan cannot run on this junction; empty when it can. The rules live in the contracts package
 * (network/plan-safety.ts): the sequence and interval rules only, because a transition cycle may leave the
 * cycle bounds a centre plan must keep (intake checks those before a plan is accepted).
 */
export function planProblems(phases: PhaseDefinition[], sequence: number[], plan: TimingPlan): string[] {
  return sequenceTimingViolations({ phases, sequence }, plan).map(describePlanViolation);
}

export class SignalTimer {
  private readonly intervals: Interval[];
  private readonly cycleMs: number;
  private readonly offsetMs: number;
  private readonly greenStartMs = new Map<number, number>();

  constructor(
    private readonly phases: PhaseDefinition[],
    sequence: number[],
    readonly plan: TimingPlan,
  ) {
    const problems = planProblems(phases, sequence, plan);
    if (problems.length > 0) throw new Error(`plan cannot run: ${problems.join('; ')}`);
    this.cycleMs = Math.round(plan.cycleS * 1000);
    this.offsetMs = Math.round(plan.offsetS * 1000);
    this.intervals = [];
    let t = 0;
    for (const id of sequence) {
      const phase = phases.find((p) => p.id === id)!;
      const greenMs = Math.round(plan.splits.find((s) => s.phase === id)!.greenS * 1000);
      this.greenStartMs.set(id, t);
      for (const [state, ms] of [
        ['green', greenMs],
        ['yellow', Math.round(phase.yellowS * 1000)],
        ['red', Math.round(phase.allRedS * 1000)],
      ] as const) {
        if (ms > 0) this.intervals.push({ phaseId: id, state, startMs: t, endMs: t + ms });
        t += ms;
      }
    }
  }

  /** Position in the cycle, milliseconds, in [0, cycleMs). */
  cycleMsAt(tMs: number): number {
    return (((tMs - this.offsetMs) % this.cycleMs) + this.cycleMs) % this.cycleMs;
  }

  cycleSecondAt(tMs: number): number {
    return this.cycleMsAt(tMs) / 1000;
  }

  /** Indication of one phase at a time. */
  stateOf(phaseId: number, tMs: number): PhaseState {
    const current = this.intervalAt(this.cycleMsAt(tMs));
    return current.phaseId === phaseId && current.state !== 'red' ? current.state : 'red';
  }

  /** Every phase of the junction with its indication and the seconds until that indication changes. */
  phaseStatesAt(tMs: number): PhaseStatus[] {
    const position = this.cycleMsAt(tMs);
    const current = this.intervalAt(position);
    return this.phases.map((phase) => {
      if (phase.id === current.phaseId && current.state !== 'red') {
        return { id: phase.id, state: current.state, remainingS: (current.endMs - position) / 1000 };
      }
      const start = this.greenStartMs.get(phase.id);
      // A phase outside the sequence never turns green under this plan; its red lasts at least the rest of the cycle.
      const untilGreenMs = start === undefined ? this.cycleMs - position : (((start - position) % this.cycleMs) + this.cycleMs) % this.cycleMs;
      return { id: phase.id, state: 'red', remainingS: untilGreenMs / 1000 };
    });
  }

  /** Epoch ms of the first indication change strictly after tMs. */
  nextChangeAfterMs(tMs: number): number {
    const position = this.cycleMsAt(tMs);
    return tMs + (this.intervalAt(position).endMs - position);
  }

  /** Start of the cycle that contains tMs (the moment a new plan may take over). */
  cycleStartMs(tMs: number): number {
    return tMs - this.cycleMsAt(tMs);
  }

  /** First cycle start strictly after tMs: the earliest moment a new plan may take over. */
  nextCycleStartAfterMs(tMs: number): number {
    return this.cycleStartMs(tMs) + this.cycleMs;
  }

  /** The interval running at tMs, in epoch ms. */
  timedIntervalAt(tMs: number): TimedInterval {
    const position = this.cycleMsAt(tMs);
    const interval = this.intervalAt(position);
    const cycleStart = tMs - position;
    return { phaseId: interval.phaseId, state: interval.state, startMs: cycleStart + interval.startMs, endMs: cycleStart + interval.endMs };
  }

  /** The phase's green that runs at tMs or starts next after it, in epoch ms; undefined for a phase outside the sequence. */
  greenWindowFrom(phaseId: number, tMs: number): { startMs: number; endMs: number } | undefined {
    const green = this.intervals.find((i) => i.phaseId === phaseId && i.state === 'green');
    if (!green) return undefined;
    const cycleStart = this.cycleStartMs(tMs);
    const end = cycleStart + green.endMs;
    const shift = end <= tMs ? this.cycleMs : 0;
    return { startMs: cycleStart + green.startMs + shift, endMs: end + shift };
  }

  /** Where the phase's green starts within the cycle, ms. */
  greenStartInCycleMs(phaseId: number): number | undefined {
    return this.greenStartMs.get(phaseId);
  }

  private intervalAt(positionMs: number): Interval {
    // Few intervals per cycle (3 per phase): a linear scan beats anything cleverer.
    for (const interval of this.intervals) if (positionMs < interval.endMs) return interval;
    return this.intervals[this.intervals.length - 1]!;
  }
}
