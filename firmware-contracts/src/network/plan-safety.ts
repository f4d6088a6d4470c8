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
 */
import { MAX_CLOCK_SKEW_MS, type SignalPlan } from '../mqtt/v1/schemas';
import type { PhaseDefinition } from './network.schema';
import type { PlanViolation } from './plan-violation.schema';

/** Only the fields the time-free checks read, so fallback plans (no issuedAt/expiresAt) pass through the same rules. */
export type PlanTiming = Pick<SignalPlan, 'cycleS' | 'offsetS' | 'splits'>;

// The violation shape is a schema (plan-violation.schema.ts) because the REST API answers it in its 422 body.
export { PlanViolation, type PlanViolationRule } from './plan-violation.schema';

export interface JunctionLimits {
  phases: PhaseDefinition[];
  sequence: number[];
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

/** Rules that depend on the timing only: sequence, greens, cycle budget, offset. */
export function timingViolations(junction: JunctionLimits, plan: PlanTiming): PlanViolation[] {
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
