/**
 * One detector: accumulates what passes over its zone each second and reports the interval aggregate the
 * contract defines (volume, occupancy, mean spot speed, health), with measurement noise and occasional
 * degraded spells. A stop-bar zone sees the discharge and standing queues; an advance zone sees arrivals at
 * approach speed, or the back of the queue when it reaches that far.
 */
import type { DetectorHealth, DetectorMeasurement, DetectorProperties } from '@arterial/contracts';
import type { Rng } from '../random/prng';
import type { LaneSecond } from './approach-lane';
import { DISCHARGE_SPEED_KPH, OCCUPANCY_LENGTH_M } from './speed-flow';

/** Crawl speed in a queue that has backed up over an advance detector. */
const QUEUE_CRAWL_KPH = 8;
/** Occupancy of a zone inside a slowly moving queue. */
const QUEUE_MOVING_OCCUPANCY = 0.6;
/** A healthy detector turns degraded about once every ten hours and recovers in about fifteen minutes. */
const DEGRADE_PER_HOUR = 0.1;
const RECOVER_PER_HOUR = 4;

export interface ApproachSecond extends LaneSecond {
  /** Speed of vehicles approaching the junction unhindered by the queue, km/h. */
  approachSpeedKph: number;
  queueLengthM: number;
}

export type SensorSpec = Pick<DetectorProperties, 'id' | 'placement' | 'technology' | 'distanceFromStopLineM' | 'intervalS'>;

export class DetectorSensor {
  private volume = 0;
  private occupiedS = 0;
  private speedSumKph = 0;
  private speedCount = 0;
  private elapsedS = 0;
  private seq = 0;
  private health: DetectorHealth = 'ok';

  constructor(
    readonly spec: SensorSpec,
    private readonly rng: Rng,
  ) {}

  get id(): string {
    return this.spec.id;
  }

  get currentHealth(): DetectorHealth {
    return this.health;
  }

  /** Adds one simulated second. */
  observe(s: ApproachSecond): void {
    this.elapsedS++;
    if (this.spec.placement === 'stop-bar') this.observeStopBar(s);
    else this.observeAdvance(s);
  }

  /** Closes the interval ending at tMs; undefined for a partial first interval (a device only reports whole ones). */
  report(tMs: number): DetectorMeasurement | undefined {
    const complete = this.elapsedS >= this.spec.intervalS;
    const { volume, occupiedS, speedSumKph, speedCount } = this;
    this.volume = this.occupiedS = this.speedSumKph = this.speedCount = this.elapsedS = 0;
    if (!complete) return undefined;

    this.health = this.nextHealth();
    const degraded = this.health !== 'ok';
    const countedVolume = Math.max(0, Math.round(volume * (1 + this.rng.normal(0, degraded ? 0.08 : 0.02))));
    const occupancy = (100 * occupiedS) / this.spec.intervalS;
    const occupancyPct = clamp(round1(occupancy * (1 + this.rng.normal(0, degraded ? 0.12 : 0.03))), 0, 100);
    const measurement: DetectorMeasurement = { ts: tMs, seq: this.seq++, intervalS: this.spec.intervalS, volume: countedVolume, occupancyPct, health: this.health };
    if (speedCount > 0 && this.measuresSpeed()) {
      measurement.speedKph = clamp(round1(speedSumKph / speedCount + this.rng.normal(0, degraded ? 5 : 1.5)), 0, 250);
    }
    return measurement;
  }

  /** A single loop at the stop line cannot time vehicles; a degraded camera loses its speed estimate first. */
  private measuresSpeed(): boolean {
    if (this.spec.technology === 'loop') return this.spec.placement === 'advance';
    return !(this.spec.technology === 'video' && this.health !== 'ok');
  }

  private nextHealth(): DetectorHealth {
    const hours = this.spec.intervalS / 3600;
    const rate = this.health === 'ok' ? DEGRADE_PER_HOUR : RECOVER_PER_HOUR;
    const flips = this.rng.chance(1 - Math.exp(-rate * hours));
    if (!flips) return this.health;
    return this.health === 'ok' ? 'degraded' : 'ok';
  }

  private observeStopBar(s: ApproachSecond): void {
    const crossed = s.dischargedFromQueue + s.passedFreely;
    this.volume += crossed;
    if (s.stopped && s.queue > 0) {
      // The first queued vehicle stands on the zone.
      this.occupiedS += 1;
    } else {
      const dischargeS = (s.dischargedFromQueue * OCCUPANCY_LENGTH_M) / (DISCHARGE_SPEED_KPH / 3.6);
      const freeS = (s.passedFreely * OCCUPANCY_LENGTH_M) / (s.approachSpeedKph / 3.6);
      this.occupiedS += Math.min(1, dischargeS + freeS);
    }
    this.speedSumKph += s.dischargedFromQueue * DISCHARGE_SPEED_KPH + s.passedFreely * s.approachSpeedKph;
    this.speedCount += crossed;
  }

  private observeAdvance(s: ApproachSecond): void {
    this.volume += s.arrived;
    if (s.queueLengthM >= this.spec.distanceFromStopLineM) {
      this.occupiedS += s.stopped ? 1 : QUEUE_MOVING_OCCUPANCY;
      this.speedSumKph += s.arrived * QUEUE_CRAWL_KPH;
    } else {
      this.occupiedS += Math.min(1, (s.arrived * OCCUPANCY_LENGTH_M) / (s.approachSpeedKph / 3.6));
      this.speedSumKph += s.arrived * s.approachSpeedKph;
    }
    this.speedCount += s.arrived;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
