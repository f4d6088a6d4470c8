/**
 * Actuation within a plan (contract v1.1: `splits[].actuation`, `coordinatedPhase`), added to a strategy's timing.
 * The strategy decides the cycle and splits; this decides how the controller may depart from them second by second:
 * - minimum green: the phase's effective minimum (its minimum, pedestrian walk and clearance included);
 * - passage (gap) time: the phase ends once no vehicle reached its detectors for this long (see passageOfApproachS);
 * - free operation (no coordinated phase): each phase may extend up to FREE_MAX_GREEN_FACTOR × its split (a
 *   maximum green sized for demand peaks above the average the split serves), within the phase's maximum; the cycle
 *   floats with demand. A phase whose approaches all have presence loops on every lane (contract
 *   `isPresenceLoop`) may run to the phase's maximum instead: its green ends when the queue has cleared to the loops,
 *   so a maximum guessed from average flows would only cut it off with a queue still standing (counts at the stop
 *   line read a starved phase's demand as what it served, so the guess shrinks as the queue grows);
 * - coordinated operation: the coordinated phase is not actuated and keeps its yield point; the other phases are
 *   forced off at their split end (maximum = split) and the green they leave unused returns to the coordinated phase;
 * - skipping (contract v1.3 `skipWithoutCall`): a presence-bounded phase may be skipped in a cycle where nobody calls
 *   it, since its loops see every waiting vehicle; never the first phase of the sequence, the coordinated phase or a
 *   phase with a pedestrian crossing (the safety rules' `skip-not-allowed`). A protected left turn with nobody in
 *   its bay then costs no minimum green and change interval: grid-bays seeds 1–9, mean delay 88.5 → 66.5 s
 *   (docs/eval-control.md, round 19).
 */
import { effectiveMinGreenS, skipRefusal, type IntersectionProperties, type PlanTiming } from '@arterial/contracts/network';
import type { PlanSplit } from '@arterial/contracts/mqtt/v1';
import { phaseOf } from './lane-groups';

/**
 * Maximum allowable headway, s: a gap longer than this between vehicles of a queue or platoon means the phase has
 * served its demand (FHWA Traffic Signal Timing Manual, 2nd ed., 2015, §5.3: about 3 s).
 */
export const MAX_ALLOWABLE_HEADWAY_S = 3;
/** Vehicle plus detection zone of a loop, m: how long a vehicle keeps a point detector occupied at a given speed. */
export const VEHICLE_AND_ZONE_M = 6.5;
/** Passage time when nothing is known of the junction's detectors, s. */
export const DEFAULT_PASSAGE_S = 2.5;
/** Bounds of the passage time the engine sets, s (the contract allows up to MAX_PASSAGE_S = 10). */
export const PASSAGE_BOUNDS_S = { minS: 1, maxS: 6 } as const;
/**
 * Free operation: a phase may extend to this multiple of its split. The split is its share of the strategy's nominal
 * cycle for average demand (Webster's C₀ is short, often the 30 s floor), so the maximum must hold peak arrivals and
 * the queue a permitted left turn waiting for a gap leaves behind. Re-tuned once the SUMO bridge extended on passage
 * instead of presence: 1.5 beat 2.5 on the corridor and the surge and tied on the grid (docs/signal-control.md).
 */
export const FREE_MAX_GREEN_FACTOR = 1.5;

/** Where an approach's detection starts and how fast its traffic arrives. */
export interface ApproachDetection {
  /** Distance of the detector nearest the stop line, m. */
  readonly setbackM: number;
  readonly speedKph: number;
}

/**
 * Passage time of an approach: the maximum allowable headway less the time a vehicle occupies the loop (the gap the
 * controller sees between two vehicles is the headway minus that occupancy), and at least the travel time from the
 * loop to the stop line (the last detected vehicle must reach the stop line before the phase gaps out). Rounded to
 * half seconds.
 */
export function passageOfApproachS(d: ApproachDetection): number {
  const speedMps = Math.max(1, d.speedKph / 3.6);
  const passage = Math.max(MAX_ALLOWABLE_HEADWAY_S - VEHICLE_AND_ZONE_M / speedMps, d.setbackM / speedMps);
  return Math.min(PASSAGE_BOUNDS_S.maxS, Math.max(PASSAGE_BOUNDS_S.minS, Math.round(passage * 2) / 2));
}

/** Per phase, the longest passage time of the approaches it serves (no served approach may be cut off early). */
export function phasePassageS(junction: Pick<IntersectionProperties, 'phases' | 'sequence'>, detection: ReadonlyMap<string, ApproachDetection>): Map<number, number> {
  return new Map(
    junction.sequence.map((id) => {
      const passages = phaseOf(junction, id).movements.flatMap((m) => {
        const d = detection.get(m.approachId);
        return d ? [passageOfApproachS(d)] : [];
      });
      return [id, passages.length > 0 ? Math.max(...passages) : DEFAULT_PASSAGE_S];
    }),
  );
}

/** How the controller runs the plan: free (the cycle floats) or coordinated on one phase. */
export type ActuationMode = { readonly kind: 'free' } | { readonly kind: 'coordinated'; readonly phase: number };

export const FREE: ActuationMode = { kind: 'free' };

/** The timing with per-phase actuation for the mode; greens, cycle and offset unchanged. */
export function withActuation(
  junction: Pick<IntersectionProperties, 'phases' | 'sequence'>,
  timing: PlanTiming,
  mode: ActuationMode,
  passageS: ReadonlyMap<number, number> = new Map(),
  presenceBounded: ReadonlySet<number> = new Set(),
): PlanTiming {
  const splits = timing.splits.map((split): PlanSplit => {
    const phase = phaseOf(junction, split.phase);
    if (mode.kind === 'coordinated' && split.phase === mode.phase) return { phase: split.phase, greenS: split.greenS };
    const minGreenS = effectiveMinGreenS(phase);
    const freeMaxS = presenceBounded.has(split.phase) ? phase.maxGreenS : Math.ceil(FREE_MAX_GREEN_FACTOR * split.greenS - 1e-9);
    const maxGreenS = mode.kind === 'coordinated' ? split.greenS : Math.min(phase.maxGreenS, Math.max(split.greenS, freeMaxS));
    const skippable = presenceBounded.has(split.phase) && skipRefusal(junction, mode.kind === 'coordinated' ? mode.phase : undefined, split.phase) === undefined;
    return {
      phase: split.phase,
      greenS: split.greenS,
      actuation: { minGreenS, maxGreenS, passageS: passageS.get(split.phase) ?? DEFAULT_PASSAGE_S, ...(skippable ? { skipWithoutCall: true } : {}) },
    };
  });
  const { coordinatedPhase: _dropped, ...rest } = timing;
  return { ...rest, splits, ...(mode.kind === 'coordinated' ? { coordinatedPhase: mode.phase } : {}) };
}

/**
 * In words, for explanations: "free actuated (cycle floats)" or "coordinated on phase 2 (early return)", and the phases
 * the timing lets be skipped without a call.
 */
export function describeActuation(mode: ActuationMode, timing?: Pick<PlanTiming, 'splits'>): string {
  const base = mode.kind === 'free' ? 'free actuated (gap-out, cycle floats)' : `actuated, coordinated on phase ${mode.phase} (force-offs, early return)`;
  const skippable = (timing?.splits ?? []).filter((s) => s.actuation?.skipWithoutCall === true).map((s) => s.phase);
  if (skippable.length === 0) return base;
  return `${base}; ${skippable.length === 1 ? 'phase' : 'phases'} ${skippable.join(', ')} skipped in a cycle nobody calls ${skippable.length === 1 ? 'it' : 'them'}`;
}
