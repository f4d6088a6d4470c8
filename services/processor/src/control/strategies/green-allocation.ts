/**
 * Turning a wish (a cycle and weights per phase) into a timing a controller accepts: greens within each phase's
 * effective minimum (pedestrians included) and maximum, whole seconds, and greens plus yellow and all-red equal to
 * the cycle exactly. When a junction's clearances add up to a half second (1.5 s all-reds), one green carries that
 * fraction: the cycle is a whole number of seconds by contract, so every green cannot be.
 */
import { effectiveMinGreenS, type IntersectionProperties, type PlanTiming } from '@arterial/contracts/network';
import type { PlanSplit } from '@arterial/contracts/mqtt/v1';
import { phaseOf } from './lane-groups';
import type { ChangeLimits, CycleBounds, PlanningContext } from './strategy.types';

/** Yellow plus all-red over the sequence: Webster's lost time L (start-up loss taken equal to the yellow's used end). */
export function lostTimeS(junction: Pick<IntersectionProperties, 'phases' | 'sequence'>): number {
  return junction.sequence.reduce((sum, id) => {
    const p = phaseOf(junction, id);
    return sum + p.yellowS + p.allRedS;
  }, 0);
}

/** The cycles this junction can run: every effective minimum green fits, no green beyond its maximum is needed. */
export function feasibleCycleBounds(junction: Pick<IntersectionProperties, 'phases' | 'sequence'>, wanted: CycleBounds): CycleBounds {
  const lost = lostTimeS(junction);
  const minGreens = junction.sequence.reduce((s, id) => s + effectiveMinGreenS(phaseOf(junction, id)), 0);
  const maxGreens = junction.sequence.reduce((s, id) => s + phaseOf(junction, id).maxGreenS, 0);
  const floor = Math.ceil(minGreens + lost);
  const ceiling = Math.floor(maxGreens + lost);
  const minS = Math.min(Math.max(wanted.minS, floor), ceiling);
  return { minS, maxS: Math.max(minS, Math.min(wanted.maxS, ceiling)) };
}

export function clampCycle(cycleS: number, bounds: CycleBounds): number {
  return Math.min(bounds.maxS, Math.max(bounds.minS, Math.round(cycleS)));
}

interface Bound {
  readonly phase: number;
  readonly min: number;
  readonly max: number;
  readonly weight: number;
}

/**
 * Water-filling: green = clamp(λ · weight, min, max) with λ chosen (bisection) so the greens add up to `total`. When
 * every weighted phase sits at its maximum, the rest goes to the others in proportion to their room.
 */
function waterFill(bounds: readonly Bound[], total: number): Map<number, number> {
  const clampAt = (b: Bound, lambda: number): number => Math.min(b.max, Math.max(b.min, lambda * b.weight));
  const sumAt = (lambda: number): number => {
    let sum = 0;
    for (const b of bounds) sum += clampAt(b, lambda);
    return sum;
  };
  let lo = 0;
  let hi = 1;
  while (sumAt(hi) < total && hi < 1e12) hi *= 2;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (sumAt(mid) < total) lo = mid;
    else hi = mid;
  }
  const shares = bounds.map((b) => clampAt(b, hi));
  const rest = total - shares.reduce((s, x) => s + x, 0);
  if (rest > 1e-9) {
    const room = bounds.map((b, i) => b.max - shares[i]!);
    const roomSum = room.reduce((s, x) => s + x, 0);
    if (roomSum > 0) room.forEach((r, i) => (shares[i] = shares[i]! + (rest * r) / roomSum));
  } else if (rest < -1e-9) {
    // λ = 0 still above total: every phase at its minimum already exceeds it; take back in proportion to slack.
    const slack = bounds.map((b, i) => shares[i]! - b.min);
    const slackSum = slack.reduce((s, x) => s + x, 0);
    if (slackSum > 0) slack.forEach((x, i) => (shares[i] = shares[i]! + (rest * x) / slackSum));
  }
  return new Map(bounds.map((b, i) => [b.phase, shares[i]!]));
}

/**
 * Greens for `cycleS`, shared by `weights` (per phase id) within [effective min, max] and, when given, per-phase
 * [lower, upper] bounds of a bounded transition. Whole seconds by largest remainder; the cycle's fractional
 * remainder (half-second clearances) goes to the longest green with room.
 */
export function allocateGreens(
  junction: Pick<IntersectionProperties, 'phases' | 'sequence'>,
  cycleS: number,
  weights: ReadonlyMap<number, number>,
  stepBounds?: ReadonlyMap<number, { lower: number; upper: number }>,
): PlanSplit[] {
  const available = cycleS - lostTimeS(junction);
  const hard = junction.sequence.map((id) => {
    const p = phaseOf(junction, id);
    return { phase: id, min: Math.ceil(effectiveMinGreenS(p) - 1e-9), max: Math.floor(p.maxGreenS + 1e-9), weight: Math.max(0, weights.get(id) ?? 0) };
  });
  const minSum = hard.reduce((s, b) => s + b.min, 0);
  const maxSum = hard.reduce((s, b) => s + b.max, 0);
  if (available < minSum - 1e-9 || available > maxSum + 1e-9) {
    throw new RangeError(`cycle ${cycleS} s cannot hold the greens: ${available} s of green against [${minSum}, ${maxSum}] s`);
  }
  let bounds: Bound[] = hard;
  if (stepBounds) {
    const stepped = hard.map((b) => {
      const s = stepBounds.get(b.phase);
      if (!s) return b;
      const min = Math.max(b.min, Math.ceil(s.lower));
      const max = Math.min(b.max, Math.floor(s.upper));
      return min <= max ? { ...b, min, max } : b;
    });
    const lo = stepped.reduce((s, b) => s + b.min, 0);
    const hi = stepped.reduce((s, b) => s + b.max, 0);
    // A cycle change larger than the green steps allow for: the cycle step already bounds the move, keep the hard limits.
    if (lo <= available && hi >= Math.floor(available)) bounds = stepped;
  }
  const whole = Math.floor(available + 1e-9);
  const fraction = available - whole;
  const shares = waterFill(bounds, whole);
  const rounded = bounds.map((b) => {
    const v = shares.get(b.phase) ?? b.min;
    return { ...b, value: Math.min(b.max, Math.max(b.min, Math.floor(v + 1e-9))), rest: v - Math.floor(v + 1e-9) };
  });
  let missing = whole - rounded.reduce((s, r) => s + r.value, 0);
  for (const r of [...rounded].sort((a, b) => b.rest - a.rest || a.phase - b.phase)) {
    if (missing <= 0) break;
    if (r.value < r.max) {
      r.value++;
      missing--;
    }
  }
  if (fraction > 1e-9) {
    const carrier = [...rounded].sort((a, b) => b.value - a.value).find((r) => r.value + fraction <= phaseOf(junction, r.phase).maxGreenS + 1e-9);
    if (carrier) carrier.value += fraction;
  }
  return rounded.map((r) => ({ phase: r.phase, greenS: r.value }));
}

/** The cycle one step toward `targetS` from the running cycle. */
export function stepCycle(runningS: number, targetS: number, limits: ChangeLimits, bounds: CycleBounds): number {
  const step = Math.max(-limits.maxCycleStepS, Math.min(limits.maxCycleStepS, Math.round(targetS) - runningS));
  return clampCycle(runningS + step, bounds);
}

/**
 * Per-phase bounds of a bounded transition: no green moves by more than the green step in one plan (what
 * planChangeViolations checks). The cycle step is never larger than the green step times the number of phases, so
 * these bounds always admit the next cycle's greens.
 */
export function greenStepBounds(running: PlanTiming, limits: ChangeLimits): Map<number, { lower: number; upper: number }> {
  return new Map(running.splits.map((s) => [s.phase, { lower: s.greenS - limits.maxGreenStepS, upper: s.greenS + limits.maxGreenStepS }]));
}

/**
 * The cycle a coordinated member runs: the group's, or, when that is further than one cycle step away, one step
 * toward it (the member joins the group's offsets once it is there).
 */
export function joinGroupCycle(runningS: number, groupS: number, limits: ChangeLimits, bounds: CycleBounds): { cycleS: number; joined: boolean } {
  const cycleS = stepCycle(runningS, groupS, limits, bounds);
  return { cycleS, joined: cycleS === groupS };
}

/** Where the phase's green starts in the cycle (cycle second 0 = start of the sequence's first green). */
export function greenStartS(junction: Pick<IntersectionProperties, 'phases' | 'sequence'>, splits: readonly PlanSplit[], phaseId: number): number {
  let t = 0;
  for (const id of junction.sequence) {
    if (id === phaseId) return t;
    const p = phaseOf(junction, id);
    t += (splits.find((s) => s.phase === id)?.greenS ?? 0) + p.yellowS + p.allRedS;
  }
  throw new Error(`phase ${phaseId} is not in the sequence`);
}

export function greenOf(splits: readonly PlanSplit[], phaseId: number): number {
  return splits.find((s) => s.phase === phaseId)?.greenS ?? 0;
}

/**
 * The next plan's cycle and offset: a step toward the strategy's target, or toward the coordinated group's cycle,
 * taking the group's offset once the member runs the group's cycle.
 */
export function nextCycleAndOffset(context: PlanningContext, targetS: number, bounds: CycleBounds): { cycleS: number; offsetS: number; joined: boolean } {
  const { running, coordination } = context;
  const { cycleS, joined } = joinGroupCycle(running.cycleS, coordination?.cycleS ?? targetS, context.changeLimits, bounds);
  const offsetS = coordination && joined && coordination.offsetS !== undefined ? coordination.offsetS : running.offsetS % cycleS;
  return { cycleS, offsetS, joined };
}
