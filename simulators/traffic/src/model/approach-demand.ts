/**
 * Arrival rate on one approach lane over the day. Peak demand grows with the road's class, read from the
 * network file as its width and speed limit (wide, fast arterials draw more traffic per lane), capped at
 * 90 % of the lane's capacity under the fallback plan so that only random peaks oversaturate. On top: the
 * time-of-day profile of the day type (weekday, weekend), the commute direction (towards the centre in the
 * morning, out in the evening; weak at weekends), a fixed per-approach factor, the day level and within-day
 * episodes of demand-variation.ts (shared by the network and local to this origin), and a fast random drift.
 */
import type { Rng } from '@arterial/device-kit';
import { commuteDirection, demandFactor, localHour, weekendDemandFactor } from './demand-profile';
import { isWeekend, type DemandVariation } from './demand-variation';

/** Design peak-hour flow per through lane by road class, veh/h/lane. */
export function designLaneVph(lanesPerDirection: number, speedLimitKph: number): number {
  const byWidth = lanesPerDirection >= 4 ? 430 : lanesPerDirection === 3 ? 380 : 260;
  return speedLimitKph >= 60 ? byWidth * 1.1 : byWidth;
}

export interface ApproachDemandSpec {
  /** Design peak-hour flow per through lane, veh/h/lane. */
  designLaneVph: number;
  /** Through-lane capacity under the fallback plan, veh/h/lane (saturation flow × green share). */
  laneCapacityVph: number;
  /** cos(angle) between the approach heading and the direction to the network centre, in [−1, 1]. */
  towardsCentre: number;
  utcOffsetHours: number;
}

const MAX_DESIGN_LOAD = 0.9;
const COMMUTE_SWING = 0.15;
/** Share of the weekday commute swing left at weekends. */
const WEEKEND_COMMUTE_SHARE = 0.3;
/** Per-second persistence of the drift: an autocorrelation time of about 10 minutes. */
const DRIFT_PERSISTENCE = 0.9983;
const DRIFT_SD = 0.08;
/** Keeps the drift's stationary spread at DRIFT_SD whatever the persistence. */
const DRIFT_INNOVATION = Math.sqrt(1 - DRIFT_PERSISTENCE ** 2);

export class ApproachDemand {
  private readonly peakLaneVph: number;
  private drift = 0;

  constructor(
    private readonly spec: ApproachDemandSpec,
    private readonly rng: Rng,
    /** Slow variations multiplying the profile: the network's shared one and this origin's own. */
    private readonly variations: readonly DemandVariation[] = [],
  ) {
    this.peakLaneVph = Math.min(spec.designLaneVph, MAX_DESIGN_LOAD * spec.laneCapacityVph) * rng.between(0.85, 1.1);
  }

  /** Demand at time t without the fast drift, veh/h/lane: the day type's profile times the slow variations. */
  meanLaneVph(tMs: number): number {
    return this.profileLaneVph(tMs) * this.variations.reduce((f, v) => f * v.factorAt(tMs), 1);
  }

  /** The average day's demand at time t for its day type, veh/h/lane. */
  profileLaneVph(tMs: number): number {
    const hour = localHour(tMs, this.spec.utcOffsetHours);
    const weekend = isWeekend(tMs, this.spec.utcOffsetHours);
    const shape = weekend ? weekendDemandFactor(hour) : demandFactor(hour);
    const swing = COMMUTE_SWING * (weekend ? WEEKEND_COMMUTE_SHARE : 1);
    return this.peakLaneVph * shape * (1 + swing * commuteDirection(hour) * this.spec.towardsCentre);
  }

  /** Arrival rate for the next second around a mean from meanLaneVph, veh/s/lane; advances the drift by one second. */
  nextRatePerS(meanLaneVph: number): number {
    this.drift = DRIFT_PERSISTENCE * this.drift + DRIFT_INNOVATION * this.rng.normal(0, DRIFT_SD);
    return Math.max(0, (meanLaneVph * (1 + this.drift)) / 3600);
  }
}
