/**
 * Actuation within a plan (contract v1.1: `splits[].actuation`, `coordinatedPhase`), decided one step at a time
 * and carried out by the controller with SUMO's setPhaseDuration; yellow and all-red are never touched.
 * - Gap-out: an actuated phase other than the coordinated one ends once its minimum green has run and no vehicle
 *   arrived on its lanes' detectors for `passageS`; never before the junction's minimum green either.
 * - Coordinated plan: the other phases are forced off at their split end (the installed green is the split), and
 *   the coordinated phase runs to its fixed yield point in the cycle, so time they leave unused returns to it.
 * - No coordinated phase: an actuated phase may run up to its maximum green; the cycle floats.
 * - Calls (`PassageCalls`): a loop near the stop line extends its phase when a vehicle newly arrives on it, as a
 *   passage detector's pulse does, not while one stands on it (a left turner waiting for a gap must not hold the
 *   green); a queue loop (15–30 m upstream, QUEUE_LOOP_DISTANCE_M) calls while a vehicle is on it, as SUMO's
 *   own actuated controller does with its loops: a vehicle standing there is a queue still to serve. On a lane
 *   without a queue loop a passage loop calls only for a vehicle crossing it below SLOW_CALL_FRACTION of the speed
 *   limit: one that lost time (the bridge sets the thresholds, bridge.ts `actuationDetectors`); such a call at a
 *   stop-bar loop (nearer than a queue loop) by an isolated vehicle extends only by its time to the stop line
 *   (`extensionS`). Where an approach has advance and stop-bar loops on every lane (`ApproachZone`), vehicles are
 *   counted in and out between them: a stop-bar call with nobody left between the loops is isolated too, and one
 *   with vehicles still counted extends by their discharge time (SATURATION_HEADWAY_S per vehicle and lane) when
 *   that is shorter than a full passage.
 * Pure, so every rule has its spec.
 */
import type { SignalPlan } from '@arterial/contracts/mqtt/v1';
import { isPresenceLoop, PRESENCE_LOOP_DISTANCE_M } from '@arterial/contracts/network';

/** What a loop reports for one step: the vehicles on it (SUMO's last-step vehicle ids). */
export interface LoopVehicles {
  vehicleIds: readonly string[];
  /** Mean speed of the vehicles on it, m/s (SUMO: −1 when none). */
  meanSpeedMps?: number;
}

/**
 * A loop this far upstream of the stop line is a queue loop: it calls on presence (the contract's rule,
 * `PRESENCE_LOOP_DISTANCE_M`, which the plan engine reads too). SUMO's actuated controller places its own loops about
 * 22 m upstream (min(2 s × speed limit, (minDur / 2 s + 0.5) × 7.5 m)): the few vehicles queued between such a loop
 * and the stop line leave within the minimum green, and a vehicle standing on it means the queue reaches back there.
 * Nearer loops see the head of the queue, where a left turner waiting for a gap stands; farther ones (advance loops,
 * 60 m) would hold the green for a queue the minimum green cannot clear to them and measured worse on the peak grid:
 * both call on passage only.
 */
export const QUEUE_LOOP_DISTANCE_M = PRESENCE_LOOP_DISTANCE_M;

/**
 * A passage loop calls only for a vehicle crossing below this share of the lane's speed limit: one that has lost time
 * (leaving a queue, or braking toward one), the loop form of SUMO's delay-based controller, which extends a green only
 * for approaching vehicles whose time loss exceeds a threshold. A free-flowing arrival would pass a red-free junction
 * anyway; extending for it kept the corridor's main street green to its maximum while the side street waited (the
 * main street's four lanes see an arrival every second or so). Lanes with a queue loop are not gated: the queue loop
 * sees their queue, and gating them cost the peak grid. Measured on the corridor, seed 1, 900 s:
 * max-pressure 34.2 s without the gate, 30.2–31.0 s for 0.7–0.9, 35.3 s at 0.5. Raised from 0.8 to 0.85 once the
 * counted zones had shortened what a call buys (a stop-bar call in a counted zone extends by its zone's discharge time,
 * SATURATION_HEADWAY_S), so serving a vehicle slowed a little behind a platoon costs little (likely, not traced). Seeds 1–9,
 * medians, max-pressure / scats: 0.7 30.83 / 30.47, 0.8 29.17 / 28.99, 0.85 27.53 / 27.97, 0.9 28.25 / 28.08, 0.95
 * 28.12 / 28.91, 1.0 28.67 / 29.48; surge 0.8 44.74 / 44.86, 0.85 44.80 / 44.77, 0.9 46.25 / 44.83
 * (docs/eval-control.md, "Corridor, round 17").
 */
export const SLOW_CALL_FRACTION = 0.85;

/** The speed below which a vehicle crossing a passage loop calls, m/s. */
export function slowCallBelowMps(speedLimitMps: number): number {
  return SLOW_CALL_FRACTION * speedLimitMps;
}

/**
 * Least extension of a slow crossing at a stop-bar loop, s. Such a vehicle extends the green only by its own time to
 * the stop line (distance / crossing speed, a fraction of a second at 3 m), as SUMO's delay-based controller extends
 * a vehicle by its remaining travel time, rather than by a full passage time (turning vehicles crossing the inner
 * lanes' stop bars at 4–7 m/s held the corridor's main greens past their queue). Measured: surge 2–5 % less delay,
 * corridor unchanged (docs/eval-control.md).
 */
export const STOP_BAR_MIN_EXTENSION_S = 0.5;

/**
 * Steps a stop-bar loop must have been empty before an arrival for that arrival to count as an isolated vehicle
 * (short extension) rather than one of a discharging queue or platoon (full passage: the loop cannot see the queue
 * behind it; extending every crossing only by its time to the stop line ended greens mid-queue and tripled the
 * corridor's delay).
 */
export const ISOLATED_ARRIVAL_EMPTY_STEPS = 2;

/**
 * An approach's detection zone: its advance loops and its stop-bar loops (every lane of one incoming edge, so lane
 * changes between the loops do not upset the count). The controller counts vehicles in (advance) and out (stop bar),
 * as a queue-counting controller does: an empty zone means no vehicle is left between the loops, so a stop-bar call
 * needs no full passage time even right behind another vehicle (the isolation test is for loops that cannot see
 * behind them).
 */
export interface ApproachZone {
  readonly advanceLoops: readonly number[];
  readonly stopBarLoops: readonly number[];
}

/**
 * Steps after which a zone whose loops all stayed empty is taken as empty whatever its count (a vehicle that parked or
 * left between the loops would hold the count up for ever): a moving vehicle crosses the zone (≤ 60 m) in less.
 */
export const ZONE_STALE_STEPS = 15;

/**
 * Saturation headway, s: a queue discharges one vehicle per lane about every 2 s (field figures 1.8–2.2 s). A stop-bar
 * call in a counted zone with vehicles still between the loops extends by their discharge time, ceil(count / lanes)
 * × this, rather than by a full passage time (never more: a longer discharge is renewed by the next crossing's call).
 */
export const SATURATION_HEADWAY_S = 2;

/** A stop-bar call's extension: the caller's time to the stop line, at least STOP_BAR_MIN_EXTENSION_S. */
export function stopBarExtensionS(distanceToStopLineM: number, crossingSpeedMps: number): number {
  return crossingSpeedMps > 0 ? Math.max(STOP_BAR_MIN_EXTENSION_S, distanceToStopLineM / crossingSpeedMps) : Number.POSITIVE_INFINITY;
}

/** Whether a loop this far from the stop line calls on presence (a queue loop) rather than on passage. */
export const isQueueLoop = isPresenceLoop;

/**
 * Calls over a fixed set of loops (indices into the step's readings). On a passage loop a vehicle calls once, at
 * the step it first appears on it (if the loop is speed-gated, only when it crosses slower than the loop's
 * threshold); it is remembered while it stays there. A queue loop calls every step a vehicle is on it.
 */
export class PassageCalls {
  private readonly onLoop = new Map<number, ReadonlySet<string>>();
  private readonly queueLoops: ReadonlySet<number>;
  private readonly extensions = new Map<number, number>();
  private readonly emptySteps = new Map<number, number>();
  /** Vehicles counted into each zone and not yet out, and the zone of each of its stop-bar loops. */
  private readonly zoneCounts: number[];
  private readonly zoneOfStopBar = new Map<number, number>();

  constructor(
    private readonly loops: readonly number[],
    queueLoops: Iterable<number> = [],
    /** Passage loops that call only when the new vehicle crosses slower than this (m/s): a delayed vehicle. */
    private readonly slowBelowMps: ReadonlyMap<number, number> = new Map(),
    /** Speed-gated stop-bar loops and their distance to the stop line, m: their calls extend by the time to it. */
    private readonly stopBarM: ReadonlyMap<number, number> = new Map(),
    /** Counting zones (ApproachZone); only loops among `loops` count. */
    private readonly zones: readonly ApproachZone[] = [],
  ) {
    this.queueLoops = new Set(queueLoops);
    this.zoneCounts = zones.map(() => 0);
    zones.forEach((z, i) => z.stopBarLoops.forEach((loop) => this.zoneOfStopBar.set(loop, i)));
  }

  /** The loops calling this step; call once per step, so the next step compares with this one. */
  observe(readings: readonly (LoopVehicles | undefined)[]): Set<number> {
    const calling = new Set<number>();
    this.extensions.clear();
    this.countZones(readings);
    for (const loop of this.loops) {
      const ids = readings[loop]?.vehicleIds ?? [];
      const before = this.onLoop.get(loop);
      if (this.queueLoops.has(loop) ? ids.length > 0 : ids.some((id) => !before?.has(id)) && this.slowEnough(loop, readings[loop])) {
        calling.add(loop);
        const stopBarM = this.stopBarM.get(loop);
        const zone = this.zoneOfStopBar.get(loop);
        const isolated = (this.emptySteps.get(loop) ?? 0) >= ISOLATED_ARRIVAL_EMPTY_STEPS || (zone !== undefined && this.zoneCounts[zone] === 0);
        if (stopBarM !== undefined && isolated) this.extensions.set(loop, stopBarExtensionS(stopBarM, readings[loop]?.meanSpeedMps ?? 0));
        else if (stopBarM !== undefined && zone !== undefined) this.extensions.set(loop, this.zoneDischargeS(zone));
      }
      this.emptySteps.set(loop, ids.length > 0 ? 0 : (this.emptySteps.get(loop) ?? 0) + 1);
      this.onLoop.set(loop, new Set(ids));
    }
    return calling;
  }

  /** How long this step's call on `loop` extends its green at most, s; undefined: a full passage time. */
  extensionS(loop: number): number | undefined {
    return this.extensions.get(loop);
  }

  /** Time the vehicles still counted in a zone need to cross its stop bars, s (ZONE count / lanes × headway). */
  private zoneDischargeS(zone: number): number {
    const lanes = Math.max(1, this.zones[zone]!.stopBarLoops.length);
    return Math.ceil(this.zoneCounts[zone]! / lanes) * SATURATION_HEADWAY_S;
  }

  /** Vehicles in and out of each zone this step (before the loops' memory moves on), the count never below 0. */
  private countZones(readings: readonly (LoopVehicles | undefined)[]): void {
    const known = new Set(this.loops);
    const arrivals = (loops: readonly number[]): number =>
      loops.filter((l) => known.has(l)).reduce((n, l) => n + (readings[l]?.vehicleIds ?? []).filter((id) => !this.onLoop.get(l)?.has(id)).length, 0);
    this.zones.forEach((zone, i) => {
      const loops = [...zone.advanceLoops, ...zone.stopBarLoops];
      const stale = loops.every((l) => (this.emptySteps.get(l) ?? 0) >= ZONE_STALE_STEPS && (readings[l]?.vehicleIds.length ?? 0) === 0);
      this.zoneCounts[i] = stale ? 0 : Math.max(0, this.zoneCounts[i]! + arrivals(zone.advanceLoops) - arrivals(zone.stopBarLoops));
    });
  }

  private slowEnough(loop: number, reading: LoopVehicles | undefined): boolean {
    const below = this.slowBelowMps.get(loop);
    return below === undefined || (reading?.meanSpeedMps ?? 0) < below;
  }
}

/** Passage time of a light's own program run actuated before its first plan (bridge option `localActuated`), s. */
export const LOCAL_PASSAGE_S = 2.5;

/**
 * The light's own program as a free actuated plan within its junction limits: each phase from its minimum green up to
 * its maximum, gapping out after LOCAL_PASSAGE_S without a call. What a real controller's local plan does while the
 * centre has sent nothing; the greens are the program's (they only seed the floating cycle).
 */
export function localActuatedPlan(greens: readonly { phase: number; greenS: number }[], limits: readonly ({ id: number } & PhaseLimits)[], cycleS: number): SignalPlan {
  return {
    planId: 'local-actuated', issuedAt: 0, expiresAt: 0, cycleS, offsetS: 0, reason: 'local program, free actuated',
    splits: greens.map(({ phase, greenS }) => {
      const l = limits.find((x) => x.id === phase);
      return l ? { phase, greenS, actuation: { minGreenS: l.minGreenS, maxGreenS: Math.max(l.maxGreenS, l.minGreenS), passageS: LOCAL_PASSAGE_S } } : { phase, greenS };
    }),
  };
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

/** An actuated phase's minimum green: the plan's and the junction's, whichever is longer; undefined when not actuated. */
export function actuatedMinGreenS(plan: SignalPlan, phaseId: number, limits: PhaseLimits): number | undefined {
  if (phaseId === plan.coordinatedPhase) return undefined;
  const actuation = plan.splits.find((s) => s.phase === phaseId)?.actuation;
  return actuation ? Math.max(actuation.minGreenS, limits.minGreenS) : undefined;
}

/**
 * When an actuated green may gap out at the earliest, on the clock of its start and last call: once its minimum has
 * run and a passage time has gone by without a call. Undefined for a green that does not gap out (fixed, coordinated).
 */
export function gapOutAtS(plan: SignalPlan, phaseId: number, startS: number, lastCallS: number, limits: PhaseLimits): number | undefined {
  const minGreenS = actuatedMinGreenS(plan, phaseId, limits);
  const passageS = plan.splits.find((s) => s.phase === phaseId)?.actuation?.passageS;
  return minGreenS === undefined || passageS === undefined ? undefined : Math.max(startS + minGreenS, lastCallS + passageS);
}

/** True when the phase should end its green now (gap-out): the moment gapOutAtS names, judged on elapsed times. */
export function gapsOut(plan: SignalPlan, phaseId: number, greenElapsedS: number, sinceCallS: number, limits: PhaseLimits): boolean {
  const minGreenS = actuatedMinGreenS(plan, phaseId, limits);
  const passageS = plan.splits.find((s) => s.phase === phaseId)?.actuation?.passageS;
  return minGreenS !== undefined && passageS !== undefined && greenElapsedS >= minGreenS && sinceCallS >= passageS;
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
