/**
 * The ring of a virtual controller once it has to decide greens as time goes by rather than read them off a
 * fixed-time schedule: actuated plans (gap-out on its own detector calls) and operator commands (hold a phase,
 * flash). It decides one interval after the other, only forward in time, and keeps a short history for callers
 * that look back a second (the traffic model samples the signal mid-second).
 *
 * Plans still come from the PlanSchedule: in fixed and coordinated operation each green ends at its window in
 * the schedule (a coordinated plan's non-coordinated phases may gap out before their force-off, and the
 * coordinated phase then starts early and still yields at its fixed point); a free actuated plan (no coordinated
 * phase) runs each green between its actuation minimum and maximum and lets the cycle float. After a hold or a
 * flash the schedule is restarted where the ring stands (PlanSchedule.restartAt) and seeks its offset from there.
 *
 * A free actuated plan may let phases be skipped (contract v1.3 `skipWithoutCall`): when the clearance before such a
 * phase ends and no detector called it since its last green ended (locking memory), the ring passes over it to the
 * next phase; never the first phase of the sequence. Coordinated and fixed plans serve every phase (their greens sit
 * at fixed windows of the schedule).
 *
 * Safety comes from the one rule set in the contracts (signal-sequence-rules.ts): no green ends before
 * earliestGreenEndMs (minimum incl. pedestrians, and any end already announced), yellow and all-red always run in
 * full, flash starts only after a clearance and ends with a start-up all-red, phases follow the sequence.
 */
import type { ControllerMode, PhaseStatus } from '@arterial/contracts/mqtt/v1';
import { earliestGreenEndMs, msOf, type IntersectionProperties, type PhaseDefinition, type SignalInterval } from '@arterial/contracts/network';
import type { PlanSchedule } from './plan-schedule';
import type { TimingPlan } from './signal-timer';

/** What the operator ordered; 'plan' is normal operation. */
export type RingOrder = { kind: 'plan' } | { kind: 'hold'; phase: number; untilMs: number } | { kind: 'flash'; untilMs: number };

interface Green {
  phase: PhaseDefinition;
  startMs: number;
  /** Earliest end: minimum (incl. pedestrians and actuation) and whatever must hold for coordination. */
  minEndMs: number;
  /** Latest end (force-off, maximum); +∞ while a hold keeps it. */
  maxEndMs: number;
  /** Gap-out after this long without a call; undefined for a fixed green. */
  passageMs: number | undefined;
  /** Latest end announced in a state (remainingS); never cut. */
  announcedEndMs: number;
}

interface Decided extends SignalInterval {
  mode: 'plan' | 'manual' | 'flash';
}

/** Intervals kept for look-ups into the past. */
const HISTORY = 512;
/** Start-up all-red after flash when the junction's own all-reds are shorter. */
const MIN_STARTUP_ALL_RED_MS = 2000;
/** Calls kept per phase: enough for any passage window. */
const CALLS_KEPT = 64;

export class PhaseSequencer {
  private readonly intervals: Decided[] = [];
  /** The green running now, while its end is still open. */
  private green: Green | undefined;
  private order: RingOrder = { kind: 'plan' };
  /** The ring left the schedule (hold, flash, free actuation): the next plan green restarts it. */
  private needsAnchor = false;
  /** A free actuated plan latched at the start of its cycle. */
  private free: TimingPlan | undefined;
  private nextAfterFlash = false;
  private readonly calls = new Map<number, number[]>();
  /** When each phase's last green ended: a call after it asks for the phase again (locking memory for skips). */
  private readonly lastGreenEndMs = new Map<number, number>();
  private nowMs: number;

  constructor(
    private readonly junction: Pick<IntersectionProperties, 'phases' | 'sequence'>,
    private readonly schedule: PlanSchedule,
    startMs: number,
    private readonly actuated: boolean,
  ) {
    // Seeded with whatever the schedule shows, so taking over changes nothing by itself.
    const seed = schedule.timedIntervalAt(startMs);
    const phase = this.phase(seed.phaseId);
    this.nowMs = startMs;
    if (seed.state === 'green') {
      this.green = { phase, startMs: seed.startMs, minEndMs: seed.endMs, maxEndMs: seed.endMs, passageMs: undefined, announcedEndMs: seed.endMs };
      this.intervals.push({ phase: phase.id, state: 'green', startMs: seed.startMs, endMs: Number.POSITIVE_INFINITY, mode: 'plan' });
    } else this.intervals.push({ phase: phase.id, state: seed.state, startMs: seed.startMs, endMs: seed.endMs, mode: 'plan' });
  }

  get startMs(): number {
    return this.intervals[0]!.startMs;
  }

  /** A detector call (vehicle arrival) for a phase at tMs; calls that arrive after a green was decided are late and change nothing. */
  recordCall(phaseId: number, tMs: number): void {
    const list = this.calls.get(phaseId) ?? [];
    let i = list.length;
    while (i > 0 && list[i - 1]! > tMs) i--;
    list.splice(i, 0, tMs);
    if (list.length > CALLS_KEPT) list.shift();
    this.calls.set(phaseId, list);
  }

  /** Replaces the operator's order at tMs (a hold, a flash, or back to the plan). */
  setOrder(order: RingOrder, tMs: number): void {
    this.advanceTo(tMs);
    const previous = this.order;
    this.order = order;
    if (order.kind !== 'plan') this.needsAnchor = true;
    const last = this.intervals[this.intervals.length - 1]!;
    if (last.state === 'flash' && last.endMs === Number.POSITIVE_INFINITY && order.kind !== 'flash') {
      // A flash ended at the very moment it began was never shown: the ring goes on from the clearance before it,
      // without a start-up all-red that would look like a stretched all-red of the phase that last cleared.
      if (tMs <= last.startMs && this.intervals.length > 1) {
        this.intervals.pop();
        this.advanceTo(tMs);
      } else this.closeOpen(last, tMs);
    }
    const green = this.green;
    if (!green) return;
    if (order.kind === 'hold' && order.phase === green.phase.id) {
      green.maxEndMs = Number.POSITIVE_INFINITY;
      green.passageMs = undefined;
      // The held phase is already green: its open interval is now governed by the hold, so it reports manual
      // (splitting it would make one green look like two short ones).
      if (last.state === 'green' && last.phase === green.phase.id) last.mode = 'manual';
    } else if (order.kind !== 'plan' || previous.kind !== 'plan') {
      // Flash, a hold of another phase, or the end of a hold: this green ends as soon as it safely may.
      const earliest = Math.max(earliestGreenEndMs(green.phase, green.startMs, green.announcedEndMs), tMs);
      green.minEndMs = earliest;
      green.maxEndMs = earliest;
      green.passageMs = undefined;
    }
  }

  /** Decides every interval that ends by tMs. */
  advanceTo(tMs: number): void {
    if (tMs > this.nowMs) this.nowMs = tMs;
    for (;;) {
      const last = this.intervals[this.intervals.length - 1]!;
      if (last.endMs === Number.POSITIVE_INFINITY) {
        const end = this.openEnd(last);
        if (end === undefined || end > this.nowMs) return;
        this.closeOpen(last, end);
      }
      if (last.endMs > this.nowMs) return;
      this.expireOrder(last.endMs);
      this.push(this.after(last));
    }
  }

  /** The interval at tMs (advancing to it first); undefined before the sequencer took over or beyond its history. */
  intervalAt(tMs: number): SignalInterval | undefined {
    this.advanceTo(tMs);
    for (let i = this.intervals.length - 1; i >= 0; i--) {
      const interval = this.intervals[i]!;
      if (interval.startMs <= tMs) return tMs < interval.endMs || interval.endMs === Number.POSITIVE_INFINITY ? interval : undefined;
    }
    return undefined;
  }

  /** Operating mode at tMs: manual while a hold governs the ring, flash while flashing, otherwise the plan's. */
  modeAt(tMs: number): 'plan' | Extract<ControllerMode, 'manual' | 'flash'> {
    this.advanceTo(tMs);
    for (let i = this.intervals.length - 1; i >= 0; i--) if (this.intervals[i]!.startMs <= tMs) return this.intervals[i]!.mode;
    return 'plan';
  }

  /**
   * Every phase's indication at tMs with a time-to-change the ring will keep: exact for yellow and all-red, the
   * earliest possible end for a green (recorded, so nothing later cuts it), and for red phases the end of the
   * running clearance, the earliest moment any of them may change.
   */
  phaseStatesAt(tMs: number): PhaseStatus[] {
    const interval = this.intervalAt(tMs);
    if (!interval) throw new Error(`no interval at ${tMs}`);
    const clearanceEndMs = this.clearanceEndMs(interval, tMs);
    return this.junction.phases.map((phase) => {
      if (interval.state === 'flash') return { id: phase.id, state: 'flashing-yellow', remainingS: 0 };
      if (interval.phase === phase.id && interval.state === 'green') return { id: phase.id, state: 'green', remainingS: (this.greenEndAnnouncedAt(interval, tMs) - tMs) / 1000 };
      if (interval.phase === phase.id && interval.state === 'yellow') return { id: phase.id, state: 'yellow', remainingS: (interval.endMs - tMs) / 1000 };
      return { id: phase.id, state: 'red', remainingS: Math.max(0, clearanceEndMs - tMs) / 1000 };
    });
  }

  /** Epoch ms of the next indication change after tMs, as far as it is known now (an actuated green may run on). */
  nextChangeAfterMs(tMs: number): number {
    const interval = this.intervalAt(tMs);
    if (!interval) return tMs + 1000;
    if (interval.endMs !== Number.POSITIVE_INFINITY) return interval.endMs;
    const open = this.openEnd(interval as Decided) ?? Number.POSITIVE_INFINITY;
    // Past what is known now: look again a second later.
    return Math.max(tMs + 1, Math.min(open, tMs + 1000));
  }

  private greenEndAnnouncedAt(interval: SignalInterval, tMs: number): number {
    const green = this.green;
    if (!green || interval.endMs !== Number.POSITIVE_INFINITY) return interval.endMs;
    const earliest = Math.max(green.announcedEndMs, this.earliestEndKnown(green), tMs);
    green.announcedEndMs = earliest;
    return earliest;
  }

  /** When the running clearance (of the green shown at tMs, or the one running) ends at the earliest. */
  private clearanceEndMs(interval: SignalInterval, tMs: number): number {
    if (interval.state === 'flash') return tMs;
    const phase = interval.phase === undefined ? undefined : this.phase(interval.phase);
    if (interval.state === 'red' || !phase) return interval.endMs;
    if (interval.state === 'yellow') return interval.endMs + msOf(phase.allRedS);
    return this.greenEndAnnouncedAt(interval, tMs) + msOf(phase.yellowS) + msOf(phase.allRedS);
  }

  /** The earliest end of an open green given the calls known now. */
  private earliestEndKnown(green: Green): number {
    if (this.order.kind === 'hold' && this.order.phase === green.phase.id) return green.minEndMs;
    return Math.min(this.gapOutMs(green), green.maxEndMs);
  }

  /** End of the open interval if what is known now decides it. */
  private openEnd(interval: Decided): number | undefined {
    const order = this.order;
    if (interval.state === 'flash') return order.kind !== 'flash' ? this.nowMs : order.untilMs <= this.nowMs ? order.untilMs : undefined;
    const green = this.green;
    if (!green) return undefined;
    if (order.kind === 'hold' && order.phase === green.phase.id) {
      return order.untilMs <= this.nowMs ? Math.max(order.untilMs, earliestGreenEndMs(green.phase, green.startMs, green.announcedEndMs)) : undefined;
    }
    const end = green.passageMs === undefined ? green.maxEndMs : Math.min(this.gapOutMs(green), green.maxEndMs);
    return Math.max(end, green.announcedEndMs, green.minEndMs);
  }

  /** First moment from the minimum on with no call for passageMs, from the calls known now. */
  private gapOutMs(green: Green): number {
    if (green.passageMs === undefined) return green.maxEndMs;
    let end = green.minEndMs;
    for (const call of this.calls.get(green.phase.id) ?? []) {
      if (call <= end - green.passageMs || call < green.startMs) continue;
      if (call > end || call > this.nowMs) break;
      end = call + green.passageMs;
    }
    return end;
  }

  /** Back to the plan once a hold or flash order's time is up at atMs. */
  private expireOrder(atMs: number): void {
    if (this.order.kind !== 'plan' && this.order.untilMs <= atMs) this.order = { kind: 'plan' };
  }

  private closeOpen(interval: Decided, endMs: number): void {
    interval.endMs = Math.max(endMs, interval.startMs);
    if (interval.state === 'green' && interval.phase !== undefined) this.lastGreenEndMs.set(interval.phase, interval.endMs);
    if (interval.state === 'green') this.green = undefined;
    if (interval.state === 'flash') this.nextAfterFlash = true;
  }

  private push(interval: Decided): void {
    this.intervals.push(interval);
    if (this.intervals.length > HISTORY) this.intervals.splice(0, this.intervals.length - HISTORY);
  }

  /** The interval that follows `last` (which ended). */
  private after(last: Decided): Decided {
    const S = last.endMs;
    if (last.state === 'flash') {
      const allRedMs = Math.max(MIN_STARTUP_ALL_RED_MS, ...this.junction.phases.map((p) => msOf(p.allRedS)));
      return { phase: undefined, state: 'red', startMs: S, endMs: S + allRedMs, mode: 'plan' };
    }
    const phase = last.phase === undefined ? undefined : this.phase(last.phase);
    if (last.state === 'green' && phase) {
      if (msOf(phase.yellowS) > 0) return { phase: phase.id, state: 'yellow', startMs: S, endMs: S + msOf(phase.yellowS), mode: last.mode };
      if (msOf(phase.allRedS) > 0) return { phase: phase.id, state: 'red', startMs: S, endMs: S + msOf(phase.allRedS), mode: last.mode };
    } else if (last.state === 'yellow' && phase && msOf(phase.allRedS) > 0) {
      return { phase: phase.id, state: 'red', startMs: S, endMs: S + msOf(phase.allRedS), mode: last.mode };
    }
    // The clearance is over: the ring is free to start the next green (or flash).
    if (this.order.kind === 'flash') return { phase: undefined, state: 'flash', startMs: S, endMs: Number.POSITIVE_INFINITY, mode: 'flash' };
    const afterFlash = this.nextAfterFlash || phase === undefined;
    this.nextAfterFlash = false;
    const next = afterFlash ? this.junction.sequence[0]! : this.nextServed(phase.id, S);
    return this.startGreen(this.planGreen(next, S));
  }

  private startGreen(green: Green): Decided {
    this.green = green;
    const mode = this.order.kind === 'hold' ? 'manual' : 'plan';
    return { phase: green.phase.id, state: 'green', startMs: green.startMs, endMs: Number.POSITIVE_INFINITY, mode };
  }

  /** The next green: for a hold, on the way to (or at) the held phase; otherwise by the plan in force. */
  private planGreen(phaseId: number, S: number): Green {
    const phase = this.phase(phaseId);
    const order = this.order;
    if (order.kind === 'hold') {
      const minEnd = earliestGreenEndMs(phase, S);
      return { phase, startMs: S, minEndMs: minEnd, maxEndMs: phase.id === order.phase ? Number.POSITIVE_INFINITY : minEnd, passageMs: undefined, announcedEndMs: S };
    }
    const syncPoint = phaseId === this.junction.sequence[0];
    if (this.needsAnchor || (syncPoint && this.free && !this.wantsFree(this.schedule.target.timing))) {
      // Back from a hold or flash, or a free-running ring taking a coordinated or fixed plan: restart the schedule here.
      this.schedule.restartAt(this.schedule.target, S, phaseId);
      this.needsAnchor = false;
      this.free = undefined;
    }
    if (syncPoint) {
      const target = this.free ? this.schedule.target.timing : this.schedule.at(S).timer.plan;
      this.free = this.wantsFree(target) ? target : undefined;
    }
    if (this.free) return this.actuatedGreen(phase, S, this.free, Number.POSITIVE_INFINITY);
    return this.windowedGreen(phase, S, this.schedule.at(S).timer.plan);
  }

  private wantsFree(plan: TimingPlan): boolean {
    return this.actuated && isFreeActuated(plan);
  }

  /** A green that ends at its window in the schedule (fixed, coordinated yield point, or force-off under actuation). */
  private windowedGreen(phase: PhaseDefinition, S: number, plan: TimingPlan): Green {
    const minEnd = earliestGreenEndMs(phase, S);
    const window = this.schedule.greenWindowFrom(phase.id, S);
    const windowEnd = window ? window.endMs : minEnd;
    const fixedEnd = Math.max(minEnd, Math.min(windowEnd, S + msOf(phase.maxGreenS)));
    const split = plan.splits.find((s) => s.phase === phase.id);
    if (!this.actuated || !split?.actuation || plan.coordinatedPhase === phase.id || plan.coordinatedPhase === undefined) {
      return { phase, startMs: S, minEndMs: fixedEnd, maxEndMs: fixedEnd, passageMs: undefined, announcedEndMs: S };
    }
    return this.actuatedGreen(phase, S, plan, fixedEnd);
  }

  /** An actuated green: at least its minimum, gap-out after passage, at most its maximum and the force-off. */
  private actuatedGreen(phase: PhaseDefinition, S: number, plan: TimingPlan, forceOffMs: number): Green {
    const split = plan.splits.find((s) => s.phase === phase.id);
    const actuation = split?.actuation;
    if (!actuation) {
      const fixedEnd = Math.max(earliestGreenEndMs(phase, S), Math.min(forceOffMs, S + msOf(split?.greenS ?? 0)));
      return { phase, startMs: S, minEndMs: fixedEnd, maxEndMs: fixedEnd, passageMs: undefined, announcedEndMs: S };
    }
    let minEnd = Math.max(earliestGreenEndMs(phase, S), S + msOf(actuation.minGreenS));
    if (plan.coordinatedPhase !== undefined && this.nextInSequence(phase.id) === plan.coordinatedPhase) {
      // Early return is bounded: the coordinated green, ending at its yield point, may not exceed its maximum.
      const coordinated = this.phase(plan.coordinatedPhase);
      const yieldAt = this.schedule.greenWindowFrom(coordinated.id, S + msOf(phase.yellowS) + msOf(phase.allRedS));
      if (yieldAt) minEnd = Math.max(minEnd, yieldAt.endMs - msOf(coordinated.maxGreenS) - msOf(phase.yellowS) - msOf(phase.allRedS));
    }
    const maxEnd = Math.max(minEnd, Math.min(forceOffMs, S + msOf(actuation.maxGreenS)));
    minEnd = Math.min(minEnd, maxEnd);
    return { phase, startMs: S, minEndMs: minEnd, maxEndMs: maxEnd, passageMs: msOf(actuation.passageS), announcedEndMs: S };
  }

  /** The next phase to serve after `phaseId` at S: the next in sequence, past those a free plan lets be skipped and nobody called. */
  private nextServed(phaseId: number, S: number): number {
    const first = this.junction.sequence[0]!;
    let next = this.nextInSequence(phaseId);
    if (!this.free || this.order.kind !== 'plan') return next;
    for (let hops = 0; hops < this.junction.sequence.length && next !== first && this.skippable(next, S); hops++) next = this.nextInSequence(next);
    return next;
  }

  /** The free plan lets the phase be skipped and no call came for it since its last green ended (up to S). */
  private skippable(phaseId: number, S: number): boolean {
    const actuation = this.free?.splits.find((s) => s.phase === phaseId)?.actuation;
    if (actuation?.skipWithoutCall !== true) return false;
    const since = this.lastGreenEndMs.get(phaseId) ?? Number.NEGATIVE_INFINITY;
    return !(this.calls.get(phaseId) ?? []).some((t) => t >= since && t <= S);
  }

  private nextInSequence(phaseId: number): number {
    const sequence = this.junction.sequence;
    return sequence[(sequence.indexOf(phaseId) + 1) % sequence.length]!;
  }

  private phase(id: number): PhaseDefinition {
    const phase = this.junction.phases.find((p) => p.id === id);
    if (!phase) throw new Error(`phase ${id} is not defined at this junction`);
    return phase;
  }
}

/** Actuated without a coordinated phase: the cycle floats. */
export function isFreeActuated(plan: TimingPlan): boolean {
  return plan.coordinatedPhase === undefined && plan.splits.some((s) => s.actuation !== undefined);
}
