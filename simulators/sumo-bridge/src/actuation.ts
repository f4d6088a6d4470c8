/**
 * Actuation within a plan (contract v1.1: `splits[].actuation`, `coordinatedPhase`), decided one step at a time
 * and carried out by the controller with SUMO's setPhaseDuration; yellow and all-red are never touched.
 * - Gap-out: an actuated phase other than the coordinated one ends once its minimum green has run and no vehicle
 *   arrived on its lanes' detectors for `passageS`; never before the junction's minimum green either.
 * - Coordinated plan: the other phases are forced off at their split end (the installed green is the split), and
 *   the coordinated phase runs to its fixed yield point in the cycle, so time they leave unused returns to it.
 * - No coordinated phase: an actuated phase may run up to its maximum green; the cycle floats.
 * - Calls are passages (`PassageCalls`): a loop extends its phase when a vehicle newly arrives on it, as a passage
 *   detector's pulse does, not while one stands on it (a left turner waiting for a gap must not hold the green).
 * Pure, so every rule has its spec.
 */
import type { SignalPlan } from '@arterial/contracts/mqtt/v1';

/** What a loop reports for one step: the vehicles on it (SUMO's last-step vehicle ids). */
export interface LoopVehicles {
  vehicleIds: readonly string[];
}

/**
 * Passage detection over a fixed set of loops (indices into the step's readings). A vehicle calls once, at the
 * step it first appears on a loop; it is remembered while it stays there.
 */
export class PassageCalls {
  private readonly onLoop = new Map<number, ReadonlySet<string>>();

  constructor(private readonly loops: readonly number[]) {}

  /** The loops on which a vehicle arrived this step; call once per step, so the next step compares with this one. */
  observe(readings: readonly (LoopVehicles | undefined)[]): Set<number> {
    const arrived = new Set<number>();
    for (const loop of this.loops) {
      const ids = readings[loop]?.vehicleIds ?? [];
      const before = this.onLoop.get(loop);
      if (ids.some((id) => !before?.has(id))) arrived.add(loop);
      this.onLoop.set(loop, new Set(ids));
    }
    return arrived;
  }
}

export interface PhaseLimits {
  minGreenS: number;
  maxGreenS: number;
}

/** Green to set (seconds from now) when phase `phaseId`'s green starts; undefined keeps the installed one. */
export function greenAtStart(
  plan: SignalPlan,
  phaseId: number,
  /** Position in the coordinated cycle now: (t − offsetS) mod cycleS. */
  cycleSecond: number,
  /** Cycle second at which the coordinated phase's green ends in the installed plan. */
  yieldPointS: number,
  limits: PhaseLimits,
): number | undefined {
  const split = plan.splits.find((s) => s.phase === phaseId);
  if (plan.coordinatedPhase !== undefined) {
    if (phaseId !== plan.coordinatedPhase) return undefined;
    const toYield = (((yieldPointS - cycleSecond) % plan.cycleS) + plan.cycleS) % plan.cycleS;
    return clamp(Math.round(toYield), limits.minGreenS, limits.maxGreenS);
  }
  if (!split?.actuation) return undefined;
  return Math.min(split.actuation.maxGreenS, limits.maxGreenS);
}

/** True when the phase should end its green now (gap-out). */
export function gapsOut(plan: SignalPlan, phaseId: number, greenElapsedS: number, sinceCallS: number, limits: PhaseLimits): boolean {
  if (phaseId === plan.coordinatedPhase) return false;
  const actuation = plan.splits.find((s) => s.phase === phaseId)?.actuation;
  if (!actuation) return false;
  return greenElapsedS >= Math.max(actuation.minGreenS, limits.minGreenS) && sinceCallS >= actuation.passageS;
}

/** Whether a plan asks for any actuation at all (otherwise the controller runs it fixed, as before v1.1). */
export function isActuated(plan: SignalPlan): boolean {
  return plan.coordinatedPhase !== undefined || plan.splits.some((s) => s.actuation !== undefined);
}

/** A free actuated plan: actuated phases and no coordinated phase, so its cycle floats and has no offset to reach. */
export function isFree(plan: SignalPlan): boolean {
  return plan.coordinatedPhase === undefined && plan.splits.some((s) => s.actuation !== undefined);
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
