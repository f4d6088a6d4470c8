/**
 * The safety rules for a signal plan against the limits of its junction in the network model. The centre runs
 * them before any plan leaves it, and the reference controllers run the same rules before they accept one.
 * Pure: the plan, the junction and the controller's clock in, a typed list of violations out (empty = safe).
 * The contract's schema and cross-field rules are checked before this (see plan-decoder.ts); these are the
 * local rules the contract leaves to the controller: minimum/maximum and pedestrian greens, the cycle budget,
 * the phase sequence, and time.
 *
 * Cycle budget: Σ (green + yellow + all-red) over the sequence must equal cycleS exactly. The centre reads the
 * same network model, so it knows the intergreens; accepting slack would leave the controller to guess which
 * phase gets it, and the centre's offsets would then be off by that guess.
 *
 * Conflicts: the controller serves its phases one at a time in its fixed single-ring sequence, each followed by
 * its yellow and all-red, so a plan (which only sets times) cannot make conflicting phases green together. The
 * sequence rules below are what keeps that true: a plan may not add, drop or repeat phases.
 *
 * v1.1 adds: the cycle within the junction's bounds (DEFAULT_CYCLE_BOUNDS when the model sets none), actuation
 * windows within the phase's limits (minimum incl. pedestrians, maximum) and around the split green, the
 * coordinated phase in the sequence, and planChangeViolations for the bounded change from one plan to the next.
 * v1.3 adds: `skipWithoutCall` only where skipping cannot leave anyone unserved or unseen (not the first phase of the
 * sequence, nor the coordinated phase, nor a phase with a pedestrian crossing). A skipped phase is not dropped from
 * the plan: the controller clears the phase before it in a change interval of its own and keeps the sequence.
 * Junction configuration rules are in junction-safety.ts, transition and sequence rules in signal-sequence-rules.ts.
 */
import { MAX_CLOCK_SKEW_MS, type SignalPlan } from '../mqtt/v1/schemas';
import type { PhaseDefinition } from './network.schema';
import type { PlanViolation } from './plan-violation.schema';

/** Only the fields the time-free checks read, so fallback plans (no issuedAt/expiresAt) pass through the same rules. */
export type PlanTiming = Pick<SignalPlan, 'cycleS' | 'offsetS' | 'splits' | 'coordinatedPhase'>;

// The violation shape is a schema (plan-violation.schema.ts) because the REST API answers it in its 422 body.
export { PlanViolation, type PlanViolationRule } from './plan-violation.schema';

export interface JunctionLimits {
  phases: PhaseDefinition[];
  sequence: number[];
  /** Optional (network model): shortest and longest cycle, s. */
  cycleBounds?: { minS: number; maxS: number };
  /** Optional (network model): largest change of cycle or green from one plan to the next, s. */
  maxChangePerCycleS?: number;
}

/** Cycle bounds where the junction sets none: the usual range for urban fixed-time and actuated plans. */
export const DEFAULT_CYCLE_BOUNDS = { minS: 30, maxS: 180 } as const;
/** Largest change of the cycle or of one green from one plan to the next where the junction sets none, s. */
export const DEFAULT_MAX_CHANGE_PER_CYCLE_S = 20;

export function cycleBoundsOf(junction: JunctionLimits): { minS: number; maxS: number } {
  return junction.cycleBounds ?? DEFAULT_CYCLE_BOUNDS;
}

export function maxChangePerCycleSOf(junction: JunctionLimits): number {
  return junction.maxChangePerCycleS ?? DEFAULT_MAX_CHANGE_PER_CYCLE_S;
}

/** Float tolerance for sums of half-second times (and of millisecond-exact transition greens). */
const EPSILON_S = 1e-6;

/** Shortest green the phase may show: its minimum, and long enough for its pedestrians to walk and clear. */
export function effectiveMinGreenS(phase: PhaseDefinition): number {
  return Math.max(phase.minGreenS, pedestrianS(phase));
}

function pedestrianS(phase: PhaseDefinition): number {
  return phase.pedestrian ? phase.pedestrian.walkS + phase.pedestrian.clearanceS : 0;
}

/**
 * Rules that depend on the timing only: sequence, greens, cycle budget, offset, the cycle bounds, actuation and
 * the coordinated phase. Controllers use sequenceTimingViolations for their own transition cycles, which may
 * stretch beyond the bounds for a cycle or two.
 */
export function timingViolations(junction: JunctionLimits, plan: PlanTiming): PlanViolation[] {
  const violations = sequenceTimingViolations(junction, plan);
  const bounds = cycleBoundsOf(junction);
  if (plan.cycleS < bounds.minS - EPSILON_S || plan.cycleS > bounds.maxS + EPSILON_S) violations.push({ rule: 'cycle-out-of-bounds', cycleS: plan.cycleS, ...bounds });
  const byId = new Map(junction.phases.map((p) => [p.id, p]));
  for (const split of plan.splits) {
    const phase = byId.get(split.phase);
    const a = split.actuation;
    if (!phase || !a) continue;
    if (a.minGreenS < effectiveMinGreenS(phase) - EPSILON_S) {
      violations.push({ rule: 'actuation-below-minimum', phase: phase.id, minGreenS: a.minGreenS, effectiveMinGreenS: effectiveMinGreenS(phase) });
    }
    if (a.maxGreenS > phase.maxGreenS + EPSILON_S) violations.push({ rule: 'actuation-above-maximum', phase: phase.id, maxGreenS: a.maxGreenS, phaseMaxGreenS: phase.maxGreenS });
    if (split.greenS < a.minGreenS - EPSILON_S || split.greenS > a.maxGreenS + EPSILON_S) {
      violations.push({ rule: 'green-outside-actuation', phase: phase.id, greenS: split.greenS, minGreenS: a.minGreenS, maxGreenS: a.maxGreenS });
    }
  }
  if (plan.coordinatedPhase !== undefined && !junction.sequence.includes(plan.coordinatedPhase)) {
    violations.push({ rule: 'coordinated-phase-not-in-sequence', phase: plan.coordinatedPhase });
  }
  for (const split of plan.splits) {
    if (split.actuation?.skipWithoutCall !== true) continue;
    const reason = skipRefusal(junction, plan.coordinatedPhase, split.phase);
    if (reason) violations.push({ rule: 'skip-not-allowed', phase: split.phase, reason });
  }
  return violations;
}

/** v1.3: why a phase may not be skipped without a call (`skip-not-allowed`), if it may not; the engine asks the same. */
export function skipRefusal(junction: Pick<JunctionLimits, 'phases' | 'sequence'>, coordinatedPhase: number | undefined, phaseId: number): 'first-phase' | 'coordinated-phase' | 'pedestrian' | undefined {
  if (junction.sequence[0] === phaseId) return 'first-phase';
  if (coordinatedPhase === phaseId) return 'coordinated-phase';
  if (junction.phases.find((p) => p.id === phaseId)?.pedestrian) return 'pedestrian';
  return undefined;
}

/**
 * The bounded change from the running plan to the next (NTCIP-style smooth transitions): the cycle and every
 * green may move at most maxChangePerCycleS (DEFAULT_MAX_CHANGE_PER_CYCLE_S unless the junction sets it).
 * The engine checks this before sending; a phase missing from either plan is timingViolations' business.
 */
export function planChangeViolations(previous: PlanTiming, next: PlanTiming, junction: JunctionLimits): PlanViolation[] {
  const maxChangeS = maxChangePerCycleSOf(junction);
  const violations: PlanViolation[] = [];
  if (Math.abs(next.cycleS - previous.cycleS) > maxChangeS + EPSILON_S) {
    violations.push({ rule: 'cycle-change-too-large', previousCycleS: previous.cycleS, cycleS: next.cycleS, maxChangeS });
  }
  for (const split of next.splits) {
    const before = previous.splits.find((s) => s.phase === split.phase);
    if (before && Math.abs(split.greenS - before.greenS) > maxChangeS + EPSILON_S) {
      violations.push({ rule: 'green-change-too-large', phase: split.phase, previousGreenS: before.greenS, greenS: split.greenS, maxChangeS });
    }
  }
  return violations;
}

/** The plan's greens against the junction's phases and sequence, the cycle budget and the offset. */
export function sequenceTimingViolations(junction: JunctionLimits, plan: PlanTiming): PlanViolation[] {
  const violations: PlanViolation[] = [];
  const byId = new Map(junction.phases.map((p) => [p.id, p]));
  const seen = new Set<number>();
  for (const split of plan.splits) {
    const phase = byId.get(split.phase);
    if (seen.has(split.phase)) violations.push({ rule: 'duplicate-split', phase: split.phase });
    seen.add(split.phase);
    if (!phase) violations.push({ rule: 'unknown-phase', phase: split.phase });
    else if (!junction.sequence.includes(split.phase)) violations.push({ rule: 'phase-not-in-sequence', phase: split.phase });
    else {
      const { greenS } = split;
      if (greenS < phase.minGreenS - EPSILON_S) violations.push({ rule: 'green-below-minimum', phase: phase.id, greenS, minGreenS: phase.minGreenS });
      if (greenS < pedestrianS(phase) - EPSILON_S) violations.push({ rule: 'green-below-pedestrian', phase: phase.id, greenS, pedestrianS: pedestrianS(phase) });
      if (greenS > phase.maxGreenS + EPSILON_S) violations.push({ rule: 'green-above-maximum', phase: phase.id, greenS, maxGreenS: phase.maxGreenS });
    }
  }
  for (const id of junction.sequence) if (!seen.has(id)) violations.push({ rule: 'missing-phase', phase: id });
  // The budget only means something once every phase of the sequence has exactly one green.
  if (violations.every((v) => v.rule !== 'missing-phase' && v.rule !== 'duplicate-split' && v.rule !== 'unknown-phase' && v.rule !== 'phase-not-in-sequence')) {
    const totalS = junction.sequence.reduce((sum, id) => {
      const phase = byId.get(id);
      const split = plan.splits.find((s) => s.phase === id);
      return phase && split ? sum + split.greenS + phase.yellowS + phase.allRedS : sum;
    }, 0);
    if (Math.abs(totalS - plan.cycleS) > EPSILON_S) violations.push({ rule: 'cycle-mismatch', totalS, cycleS: plan.cycleS });
  }
  if (plan.offsetS < 0 || plan.offsetS >= plan.cycleS) violations.push({ rule: 'offset-out-of-range', offsetS: plan.offsetS, cycleS: plan.cycleS });
  return violations;
}

/** Every rule a centre plan must pass before the controller accepts it, at controller time nowMs. */
export function planViolations(junction: JunctionLimits, plan: SignalPlan, nowMs: number, maxSkewMs: number = MAX_CLOCK_SKEW_MS): PlanViolation[] {
  const violations = timingViolations(junction, plan);
  if (plan.expiresAt <= nowMs) violations.push({ rule: 'expired', expiresAt: plan.expiresAt, nowMs });
  if (plan.issuedAt > nowMs + maxSkewMs) violations.push({ rule: 'issued-in-future', issuedAt: plan.issuedAt, nowMs, maxSkewMs });
  return violations;
}

/** One line an operator can act on: the rule code first (stable, for matching), then the numbers. */
export function describePlanViolation(v: PlanViolation): string {
  switch (v.rule) {
    case 'unknown-phase':
      return `unknown-phase: phase ${v.phase} does not exist at this junction`;
    case 'phase-not-in-sequence':
      return `phase-not-in-sequence: phase ${v.phase} is not in the sequence`;
    case 'duplicate-split':
      return `duplicate-split: phase ${v.phase} has more than one split`;
    case 'missing-phase':
      return `missing-phase: phase ${v.phase} of the sequence has no split`;
    case 'green-below-minimum':
      return `green-below-minimum: phase ${v.phase} green ${v.greenS} s < minimum ${v.minGreenS} s`;
    case 'green-below-pedestrian':
      return `green-below-pedestrian: phase ${v.phase} green ${v.greenS} s < pedestrian walk+clearance ${v.pedestrianS} s`;
    case 'green-above-maximum':
      return `green-above-maximum: phase ${v.phase} green ${v.greenS} s > maximum ${v.maxGreenS} s`;
    case 'cycle-mismatch':
      return `cycle-mismatch: greens plus yellow and all-red take ${round3(v.totalS)} s, cycle is ${v.cycleS} s`;
    case 'offset-out-of-range':
      return `offset-out-of-range: offset ${v.offsetS} s not within [0, ${v.cycleS})`;
    case 'expired':
      return `expired: expiresAt ${v.expiresAt} is not after controller time ${v.nowMs}`;
    case 'issued-in-future':
      return `issued-in-future: issuedAt ${v.issuedAt} is more than ${v.maxSkewMs} ms ahead of controller time ${v.nowMs}`;
    case 'cycle-out-of-bounds':
      return `cycle-out-of-bounds: cycle ${v.cycleS} s not within [${v.minS}, ${v.maxS}] s`;
    case 'actuation-below-minimum':
      return `actuation-below-minimum: phase ${v.phase} actuation minimum ${v.minGreenS} s < effective minimum ${v.effectiveMinGreenS} s`;
    case 'actuation-above-maximum':
      return `actuation-above-maximum: phase ${v.phase} actuation maximum ${v.maxGreenS} s > phase maximum ${v.phaseMaxGreenS} s`;
    case 'green-outside-actuation':
      return `green-outside-actuation: phase ${v.phase} green ${v.greenS} s not within its actuation [${v.minGreenS}, ${v.maxGreenS}] s`;
    case 'coordinated-phase-not-in-sequence':
      return `coordinated-phase-not-in-sequence: coordinated phase ${v.phase} is not in the sequence`;
    case 'skip-not-allowed':
      return `skip-not-allowed: phase ${v.phase} must be served every cycle (${v.reason})`;
    case 'cycle-change-too-large':
      return `cycle-change-too-large: cycle ${v.previousCycleS} s → ${v.cycleS} s moves more than ${v.maxChangeS} s`;
    case 'green-change-too-large':
      return `green-change-too-large: phase ${v.phase} green ${v.previousGreenS} s → ${v.greenS} s moves more than ${v.maxChangeS} s`;
    case 'yellow-out-of-range':
      return `yellow-out-of-range: phase ${v.phase} yellow ${v.yellowS} s not within [3, 6] s`;
    case 'yellow-too-short':
      return `yellow-too-short: phase ${v.phase} yellow ${v.yellowS} s < ITE ${round3(v.requiredS)} s`;
    case 'all-red-too-short':
      return `all-red-too-short: phase ${v.phase} all-red ${v.allRedS} s < required ${round3(v.requiredS)} s`;
    case 'walk-too-short':
      return `walk-too-short: phase ${v.phase} walk ${v.walkS} s < ${v.requiredS} s`;
    case 'pedestrian-clearance-too-short':
      return `pedestrian-clearance-too-short: phase ${v.phase} clearance ${v.clearanceS} s < crossing at 1.07 m/s ${round3(v.requiredS)} s`;
    case 'conflict-missing':
      return `conflict-missing: phases ${v.phase} and ${v.otherPhase} have crossing movements but are not listed as conflicting`;
    case 'phase-self-conflict':
      return `phase-self-conflict: phase ${v.phase} conflicts with itself`;
  }
}

/** Longest reason the plan-ack contract allows. */
export const MAX_PLAN_REJECTION_REASON_CHARS = 256;

/** The reject reason for an ack: every violation, cut to the contract's limit. */
export function planRejectionReason(violations: PlanViolation[]): string {
  return truncateReason(violations.map(describePlanViolation).join('; '));
}

export function truncateReason(text: string): string {
  return text.length <= MAX_PLAN_REJECTION_REASON_CHARS ? text : `${text.slice(0, MAX_PLAN_REJECTION_REASON_CHARS - 1)}…`;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
