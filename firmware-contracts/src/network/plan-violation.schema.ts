/**
 * A broken safety rule, as the safety validator reports it and as the REST API answers it (422 body).
 * `rule` is a stable code to match on; the other fields are the numbers that broke it.
 */
import { Type, type Static, type TLiteral, type TObject, type TProperties } from '@sinclair/typebox';

const PhaseNo = Type.Integer({ description: 'Phase number.' });
const Seconds = (description: string) => Type.Number({ description: `${description}, in seconds.` });
const EpochMs = (description: string) => Type.Integer({ description: `${description} (Unix epoch, milliseconds, UTC).` });

const violation = <R extends string, P extends TProperties>(rule: R, description: string, properties: P): TObject<{ rule: TLiteral<R> } & P> =>
  Type.Object({ rule: Type.Literal(rule), ...properties }, { description });

export const PlanViolation = Type.Union(
  [
    violation('unknown-phase', 'The plan names a phase the junction does not have.', { phase: PhaseNo }),
    violation('phase-not-in-sequence', "The phase exists but is not in the junction's sequence.", { phase: PhaseNo }),
    violation('duplicate-split', 'The plan gives the phase more than one split.', { phase: PhaseNo }),
    violation('missing-phase', 'A phase of the sequence has no split.', { phase: PhaseNo }),
    violation('green-below-minimum', 'Green shorter than the phase minimum.', { phase: PhaseNo, greenS: Seconds('Planned green'), minGreenS: Seconds('Minimum green') }),
    violation('green-below-pedestrian', 'Green too short for pedestrians to walk and clear.', {
      phase: PhaseNo,
      greenS: Seconds('Planned green'),
      pedestrianS: Seconds('Walk plus clearance'),
    }),
    violation('green-above-maximum', 'Green longer than the phase maximum.', { phase: PhaseNo, greenS: Seconds('Planned green'), maxGreenS: Seconds('Maximum green') }),
    violation('cycle-mismatch', 'Greens plus intergreens do not add up to the cycle.', { totalS: Seconds('Greens plus yellows and all-reds'), cycleS: Seconds('Cycle length') }),
    violation('offset-out-of-range', 'Offset not smaller than the cycle.', { offsetS: Seconds('Offset'), cycleS: Seconds('Cycle length') }),
    violation('expired', 'The plan expired before it could run.', { expiresAt: EpochMs('Expiry of the plan'), nowMs: EpochMs("Checker's clock") }),
    violation('issued-in-future', "The plan was issued further ahead of the checker's clock than the allowed skew.", {
      issuedAt: EpochMs('Issue time of the plan'),
      nowMs: EpochMs("Checker's clock"),
      maxSkewMs: Type.Integer({ description: 'Allowed clock skew, in milliseconds.' }),
    }),
    violation('cycle-out-of-bounds', "Cycle outside the junction's cycle bounds.", { cycleS: Seconds('Cycle length'), minS: Seconds('Shortest cycle'), maxS: Seconds('Longest cycle') }),
    violation('actuation-below-minimum', "Actuation minimum green below the phase's effective minimum (incl. pedestrians).", {
      phase: PhaseNo,
      minGreenS: Seconds('Actuation minimum green'),
      effectiveMinGreenS: Seconds('Effective minimum green of the phase'),
    }),
    violation('actuation-above-maximum', "Actuation maximum green above the phase's maximum.", {
      phase: PhaseNo,
      maxGreenS: Seconds('Actuation maximum green'),
      phaseMaxGreenS: Seconds('Maximum green of the phase'),
    }),
    violation('green-outside-actuation', 'Split green outside its actuation window.', {
      phase: PhaseNo,
      greenS: Seconds('Planned green'),
      minGreenS: Seconds('Actuation minimum green'),
      maxGreenS: Seconds('Actuation maximum green'),
    }),
    violation('coordinated-phase-not-in-sequence', "The coordinated phase is not in the junction's sequence.", { phase: PhaseNo }),
    violation('skip-not-allowed', 'v1.3: skipWithoutCall on a phase that must be served every cycle: the first of the sequence (the cycle boundary), the coordinated phase, or one with a pedestrian crossing (the contract carries no pedestrian calls, so a waiting pedestrian would go unseen).', {
      phase: PhaseNo,
      reason: Type.Union([Type.Literal('first-phase'), Type.Literal('coordinated-phase'), Type.Literal('pedestrian')], { description: 'Why the phase must be served.' }),
    }),
    violation('cycle-change-too-large', 'The cycle moves more than the junction allows from one plan to the next.', {
      previousCycleS: Seconds('Cycle of the running plan'),
      cycleS: Seconds('Cycle of the new plan'),
      maxChangeS: Seconds('Largest change per cycle'),
    }),
    violation('green-change-too-large', 'A green moves more than the junction allows from one plan to the next.', {
      phase: PhaseNo,
      previousGreenS: Seconds('Green in the running plan'),
      greenS: Seconds('Green in the new plan'),
      maxChangeS: Seconds('Largest change per cycle'),
    }),
    violation('yellow-out-of-range', 'Yellow outside the MUTCD range of 3-6 s.', { phase: PhaseNo, yellowS: Seconds('Configured yellow') }),
    violation('yellow-too-short', 'Yellow shorter than the ITE formula for the approach speed and grade.', { phase: PhaseNo, yellowS: Seconds('Configured yellow'), requiredS: Seconds('ITE yellow') }),
    violation('all-red-too-short', 'All-red shorter than (crossing width + vehicle length) / speed.', { phase: PhaseNo, allRedS: Seconds('Configured all-red'), requiredS: Seconds('Required all-red') }),
    violation('walk-too-short', 'Pedestrian walk shorter than 7 s (4 s where flagged low volume).', { phase: PhaseNo, walkS: Seconds('Configured walk'), requiredS: Seconds('Shortest walk') }),
    violation('pedestrian-clearance-too-short', 'Pedestrian clearance shorter than the crossing at 1.07 m/s.', {
      phase: PhaseNo,
      clearanceS: Seconds('Configured pedestrian clearance'),
      requiredS: Seconds('Crossing length / 1.07 m/s'),
    }),
    violation('conflict-missing', 'Two phases whose movements cross or merge are not listed as conflicting.', { phase: PhaseNo, otherPhase: PhaseNo }),
    violation('phase-self-conflict', 'A phase serves movements that cross each other (permissive turns yielding aside), or is listed as conflicting with itself.', {
      phase: PhaseNo,
    }),
  ],
  { $id: 'arterial/network/v1/PlanViolation', title: 'Plan violation', description: 'One broken safety rule of a signal plan.' },
);
export type PlanViolation = Static<typeof PlanViolation>;
export type PlanViolationRule = PlanViolation['rule'];
