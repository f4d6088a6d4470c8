/**
 * One detector: accumulates what the model shows in the cell its zone sits in, one second at a time, and reports
 * the interval aggregate the contract defines. Volume is the vehicles crossing the cell's downstream boundary
 * (carried over between intervals, so fractions of the macroscopic flow are never lost), occupancy is lane
 * density × effective vehicle length, speed is flow / density (space-mean). Faults change what is reported, and
 * the health flag says what the device's own diagnostics would notice.
 */
import type { DetectorHealth, DetectorMeasurement } from '@arterial/contracts/mqtt/v1';
import type { DetectorProperties } from '@arterial/contracts/network';
import type { Rng } from '@arterial/device-kit';
import type { DetectorFaults, PersistentFault } from './detector-faults';

/** Effective length seen by a loop: vehicle (≈4.5 m) plus detection zone (≈2 m). */
export const OCCUPANCY_LENGTH_M = 6.5;
/** A stuck-on zone is flagged failed once it has read 100 % this long (typical controller max-presence timer). */
export const STUCK_ON_DIAGNOSIS_S = 300;
/** Chatter is noticed after a couple of minutes of implausibly short pulses. */
export const CHATTER_DIAGNOSIS_S = 120;
/** Spurious pulses per second and their length while chattering. */
const CHATTER_PULSES_PER_S = 0.4;
const CHATTER_PULSE_S = 0.04;

/** What the model shows in the detector's cell during one second, per lane. */
export interface ZoneSecond {
  /** Vehicles crossing the zone, per lane (fractional: the model is macroscopic). */
  volumeVeh: number;
  /** Vehicles per metre of lane. */
  densityVpm: number;
  /** Cell vehicles × distance they covered this second, per lane (veh·m), for the space-mean speed. */
  vehicleMetres: number;
  /** Cell vehicles × one second, per lane (veh·s). */
  vehicleSeconds: number;
}

export type SensorSpec = Pick<DetectorProperties, 'id' | 'placement' | 'technology' | 'distanceFromStopLineM' | 'intervalS'>;

export class DetectorSensor {
  private volumeVeh = 0;
  private occupiedS = 0;
  private vehicleMetres = 0;
  private vehicleSeconds = 0;
  private elapsedS = 0;
  /** Vehicles counted since start, whole and fractional, and the whole ones already reported. */
  private countedVeh = 0;
  private reportedVeh = 0;
  private seq = 0;
  private health: DetectorHealth = 'ok';
  private silent = false;
  private frozenVolume: number | undefined;
  private lastVolume = 0;

  constructor(
    readonly spec: SensorSpec,
    private readonly rng: Rng,
    readonly faults: DetectorFaults,
  ) {}

  get id(): string {
    return this.spec.id;
  }

  get currentHealth(): DetectorHealth {
    return this.health;
  }

  /** True while the detector sends nothing (dead). */
  get isSilent(): boolean {
    return this.silent;
  }

  observe(z: ZoneSecond): void {
    this.elapsedS++;
    this.volumeVeh += z.volumeVeh;
    this.occupiedS += Math.min(1, z.densityVpm * OCCUPANCY_LENGTH_M);
    this.vehicleMetres += z.vehicleMetres;
    this.vehicleSeconds += z.vehicleSeconds;
  }

  /** Closes the interval ending at tMs; undefined when nothing is sent (partial first interval, dead, dropped). */
  report(tMs: number): DetectorMeasurement | undefined {
    const complete = this.elapsedS >= this.spec.intervalS;
    const { volumeVeh, occupiedS, vehicleMetres, vehicleSeconds } = this;
    this.volumeVeh = this.occupiedS = this.vehicleMetres = this.vehicleSeconds = this.elapsedS = 0;
    this.countedVeh += volumeVeh;
    const trueVolume = Math.max(0, Math.round(this.countedVeh) - this.reportedVeh);
    this.reportedVeh += trueVolume;
    if (!complete) return undefined;

    const { fault, activeS, dropout } = this.faults.next(this.spec.intervalS);
    this.silent = fault === 'dead';
    if (fault !== 'stuck-on') this.frozenVolume = undefined;
    this.health = healthOf(fault, activeS);
    if (fault === 'dead') return undefined;
    const seq = this.seq++;
    if (dropout) return undefined;

    const intervalS = this.spec.intervalS;
    const occupancyPct = (100 * occupiedS) / intervalS;
    const measurement: DetectorMeasurement = {
      ts: tMs,
      seq,
      intervalS,
      volume: trueVolume,
      occupancyPct: clamp(round1(occupancyPct * (1 + this.rng.normal(0, 0.03))), 0, 100),
      health: this.health,
    };
    const speedMps = vehicleSeconds > 0 ? vehicleMetres / vehicleSeconds : 0;
    if (trueVolume > 0 && speedMps > 0 && this.measuresSpeed(fault)) {
      measurement.speedKph = clamp(round1(speedMps * 3.6 + this.rng.normal(0, 1.5)), 0, 250);
    }
    this.applyFault(measurement, fault);
    if (!fault) this.lastVolume = measurement.volume;
    return measurement;
  }

  private applyFault(m: DetectorMeasurement, fault: PersistentFault | undefined): void {
    if (fault === 'stuck-on') {
      // Some controllers keep the last count (frozen), others count nothing while the call is held.
      this.frozenVolume ??= this.rng.chance(0.5) ? this.lastVolume : 0;
      m.volume = this.frozenVolume;
      m.occupancyPct = 100;
      delete m.speedKph;
    } else if (fault === 'chattering') {
      const spurious = this.rng.poisson(CHATTER_PULSES_PER_S * m.intervalS);
      m.volume += spurious;
      m.occupancyPct = clamp(round1(m.occupancyPct + (100 * spurious * CHATTER_PULSE_S) / m.intervalS), 0, 100);
      delete m.speedKph;
    }
  }

  /** A single loop at the stop line cannot time vehicles. */
  private measuresSpeed(fault: PersistentFault | undefined): boolean {
    if (fault) return false;
    return this.spec.technology !== 'loop' || this.spec.placement === 'advance';
  }
}

function healthOf(fault: PersistentFault | undefined, activeS: number): DetectorHealth {
  if (fault === 'stuck-on') return activeS >= STUCK_ON_DIAGNOSIS_S ? 'failed' : 'ok';
  if (fault === 'chattering') return activeS >= CHATTER_DIAGNOSIS_S ? 'degraded' : 'ok';
  if (fault === 'dead') return 'failed';
  return 'ok';
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
