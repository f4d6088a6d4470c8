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
  ],
  { $id: 'arterial/network/v1/PlanViolation', title: 'Plan violation', description: 'One broken safety rule of a signal plan.' },
);
export type PlanViolation = Static<typeof PlanViolation>;
export type PlanViolationRule = PlanViolation['rule'];
