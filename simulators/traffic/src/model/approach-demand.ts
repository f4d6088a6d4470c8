/**
 * Arrival rate on one approach lane over the day. Peak demand grows with the road's class, read from the
 * network file as its width and speed limit (wide, fast arterials draw more traffic per lane), capped at
 * 90 % of the lane's capacity under the fallback plan so that only random peaks oversaturate. On top: the
 * time-of-day profile, the commute direction (towards the centre in the morning, out in the evening),
 * a fixed per-approach factor and slow random drift.
 */
import type { Rng } from '@arterial/device-kit';
import { commuteDirection, demandFactor, localHour } from './demand-profile';

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
  ) {
    this.peakLaneVph = Math.min(spec.designLaneVph, MAX_DESIGN_LOAD * spec.laneCapacityVph) * rng.between(0.85, 1.1);
  }

  /** Expected demand at time t without the random drift, veh/h/lane. */
  meanLaneVph(tMs: number): number {
    const hour = localHour(tMs, this.spec.utcOffsetHours);
    return this.peakLaneVph * demandFactor(hour) * (1 + COMMUTE_SWING * commuteDirection(hour) * this.spec.towardsCentre);
  }

  /** Arrival rate for the next second around a mean from meanLaneVph, veh/s/lane; advances the drift by one second. */
  nextRatePerS(meanLaneVph: number): number {
    this.drift = DRIFT_PERSISTENCE * this.drift + DRIFT_INNOVATION * this.rng.normal(0, DRIFT_SD);
    return Math.max(0, (meanLaneVph * (1 + this.drift)) / 3600);
  }
}
