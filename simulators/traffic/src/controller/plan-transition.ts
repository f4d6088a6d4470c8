/**
 * Offset seeking when a controller changes plan, method "shortway" (as in NEMA/ATC controllers): starting at a
 * cycle boundary of the old plan, run at most MAX_TRANSITION_CYCLES cycles of the new plan with every green
 * stretched or squeezed within [effective minimum, maximum] so that the last one ends exactly where the new plan's
 * own cycle starts (its offset from the epoch). Shortway picks whichever of lengthening or shortening moves the
 * cycle less; a single cycle is used when the change fits in one. Yellow and all-red are never touched, and the
 * phases keep their sequence, so the switch has the same intergreens as any other cycle.
 *
 * If the junction's green limits cannot absorb the offset error within the bound (only when min and max greens
 * are nearly equal), the transition does the most it may and the new plan then runs with the residual offset
 * error rather than breaking a limit or dragging the transition on.
 */
import type { PlanSplit } from '@arterial/contracts/mqtt/v1';
import { cycleBoundsOf, effectiveMinGreenS, type JunctionLimits } from '@arterial/contracts/network';
import type { TimingPlan } from './signal-timer';

export const MAX_TRANSITION_CYCLES = 2;

export interface TransitionCycle {
  startMs: number;
  lengthMs: number;
  splits: PlanSplit[];
}

export interface PlanTransition {
  cycles: TransitionCycle[];
  /** When the target plan starts running unmodified (a cycle start of it). */
  targetStartMs: number;
  /** Offset the target runs with from then on, ms in [0, cycle): its own, unless it was out of reach. */
  targetOffsetMs: number;
}

interface PhaseTiming {
  phase: number;
  greenMs: number;
  minMs: number;
  maxMs: number;
  clearanceMs: number;
}

export function seekOffset(junction: JunctionLimits, target: TimingPlan, boundaryMs: number): PlanTransition {
  const timings = phaseTimings(junction, target);
  const cycleMs = timings.reduce((sum, t) => sum + t.greenMs + t.clearanceMs, 0);
  const offsetMs = mod(Math.round(target.offsetS * 1000), cycleMs);
  // Time from the boundary to the next start of the target's own cycle.
  const aheadMs = mod(offsetMs - boundaryMs, cycleMs);
  if (aheadMs === 0) return { cycles: [], targetStartMs: boundaryMs, targetOffsetMs: offsetMs };

  // A transition cycle is still a cycle of this junction: it stays within the junction's cycle bounds.
  const bounds = cycleBoundsOf(junction);
  const lengthenRoomMs = Math.max(0, Math.min(timings.reduce((sum, t) => sum + Math.max(0, t.maxMs - t.greenMs), 0), bounds.maxS * 1000 - cycleMs));
  const shortenRoomMs = Math.max(0, Math.min(timings.reduce((sum, t) => sum + Math.max(0, t.greenMs - t.minMs), 0), cycleMs - bounds.minS * 1000));
  const roomFor = (totalMs: number): number => (totalMs > 0 ? lengthenRoomMs : shortenRoomMs);

  // Candidates: lengthen by aheadMs or shorten by cycle − aheadMs, over 1 or 2 cycles; smallest change first.
  const candidates: { n: number; totalMs: number }[] = [];
  for (let n = 1; n <= MAX_TRANSITION_CYCLES; n++) candidates.push({ n, totalMs: aheadMs }, { n, totalMs: aheadMs - cycleMs });
  candidates.sort((a, b) => Math.abs(a.totalMs) - Math.abs(b.totalMs) || a.n - b.n);
  const feasible = candidates.find((c) => Math.abs(c.totalMs) <= c.n * roomFor(c.totalMs));
  const chosen = feasible ?? bestEffort(candidates, roomFor);

  const cycles: TransitionCycle[] = [];
  let startMs = boundaryMs;
  for (const partMs of splitEvenly(chosen.totalMs, chosen.n)) {
    const splits = adjustGreens(timings, partMs);
    const lengthMs = timings.reduce((sum, t, i) => sum + Math.round(splits[i]!.greenS * 1000) + t.clearanceMs, 0);
    cycles.push({ startMs, lengthMs, splits });
    startMs += lengthMs;
  }
  return { cycles, targetStartMs: startMs, targetOffsetMs: mod(startMs, cycleMs) };
}

function bestEffort(candidates: { n: number; totalMs: number }[], roomFor: (totalMs: number) => number): { n: number; totalMs: number } {
  const widest = candidates.filter((c) => c.n === MAX_TRANSITION_CYCLES)[0]!;
  const limit = widest.n * roomFor(widest.totalMs);
  return { n: widest.n, totalMs: Math.sign(widest.totalMs) * Math.min(Math.abs(widest.totalMs), limit) };
}

function phaseTimings(junction: JunctionLimits, plan: TimingPlan): PhaseTiming[] {
  return junction.sequence.map((id) => {
    const phase = junction.phases.find((p) => p.id === id);
    const split = plan.splits.find((s) => s.phase === id);
    if (!phase || !split) throw new Error(`phase ${id} of the sequence has no definition or split`);
    return {
      phase: id,
      greenMs: Math.round(split.greenS * 1000),
      minMs: Math.ceil(effectiveMinGreenS(phase) * 1000),
      maxMs: Math.floor(phase.maxGreenS * 1000),
      clearanceMs: Math.round(phase.yellowS * 1000) + Math.round(phase.allRedS * 1000),
    };
  });
}

/** Integer parts of totalMs, as equal as possible, each at most ceil(|total| / n) in size. */
function splitEvenly(totalMs: number, n: number): number[] {
  const base = Math.trunc(totalMs / n);
  return [totalMs - base * (n - 1), ...Array.from({ length: n - 1 }, () => base)];
}

/** Greens changed by deltaMs in all, each phase in proportion to its room so none crosses its limit. */
function adjustGreens(timings: PhaseTiming[], deltaMs: number): PlanSplit[] {
  const rooms = timings.map((t) => Math.max(0, deltaMs > 0 ? t.maxMs - t.greenMs : t.greenMs - t.minMs));
  const totalRoom = rooms.reduce((a, b) => a + b, 0);
  const need = Math.abs(deltaMs);
  const shares = rooms.map((room) => (totalRoom === 0 ? 0 : Math.floor((need * room) / totalRoom)));
  let left = need - shares.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0 && i < shares.length; i++) {
    const extra = Math.min(left, rooms[i]! - shares[i]!);
    shares[i]! += extra;
    left -= extra;
  }
  return timings.map((t, i) => ({ phase: t.phase, greenS: (t.greenMs + Math.sign(deltaMs) * shares[i]!) / 1000 }));
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}
