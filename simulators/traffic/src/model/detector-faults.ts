/**
 * Field faults of one detector, drawn per interval from its own seeded stream: stuck-on (a shorted loop or a
 * frozen video zone reads 100 % occupancy), dead (power or cable lost: nothing is sent), chattering (a loose
 * connection or crosstalk makes spurious pulses) and single dropped intervals (lost in the backhaul).
 */
import type { Rng } from '@arterial/device-kit';

export type PersistentFault = 'stuck-on' | 'dead' | 'chattering';

export interface FaultRates {
  /** Onsets per detector per day. */
  stuckOnPerDay: number;
  deadPerDay: number;
  chatteringPerDay: number;
  /** Probability that a single interval's message is lost. */
  dropoutShare: number;
  /** Overrides the mean time to repair per fault, hours (Infinity: never repaired). */
  meanDurationH?: Partial<Record<PersistentFault, number>>;
}

/** Low rates: over a day on the demo network's 336 detectors, a handful of each fault. */
export const DEFAULT_FAULT_RATES: FaultRates = { stuckOnPerDay: 0.02, deadPerDay: 0.02, chatteringPerDay: 0.04, dropoutShare: 0.002 };
export const NO_FAULTS: FaultRates = { stuckOnPerDay: 0, deadPerDay: 0, chatteringPerDay: 0, dropoutShare: 0 };

/** Mean time to repair, hours: a stuck or dead detector waits for a crew; chatter often clears by itself. */
const MEAN_DURATION_H: Record<PersistentFault, number> = { 'stuck-on': 4, dead: 2, chattering: 0.75 };
const DAY_S = 86_400;

export interface IntervalFault {
  fault: PersistentFault | undefined;
  /** Seconds the fault has lasted at the end of this interval. */
  activeS: number;
  dropout: boolean;
}

export class DetectorFaults {
  private active: PersistentFault | undefined;
  private activeS = 0;
  readonly injected: Record<PersistentFault | 'dropout', number> = { 'stuck-on': 0, dead: 0, chattering: 0, dropout: 0 };

  constructor(
    private readonly rates: FaultRates,
    private readonly rng: Rng,
  ) {}

  /** Advances by one reporting interval. */
  next(intervalS: number): IntervalFault {
    if (this.active) {
      this.activeS += intervalS;
      const meanH = this.rates.meanDurationH?.[this.active] ?? MEAN_DURATION_H[this.active];
      if (this.rng.chance(1 - Math.exp(-intervalS / (meanH * 3600)))) this.active = undefined;
    } else {
      const onset = this.drawOnset(intervalS);
      if (onset) {
        this.active = onset;
        this.activeS = intervalS;
        this.injected[onset]++;
      }
    }
    const dropout = this.rng.uniform() < this.rates.dropoutShare;
    if (dropout) this.injected.dropout++;
    return { fault: this.active, activeS: this.active ? this.activeS : 0, dropout };
  }

  private drawOnset(intervalS: number): PersistentFault | undefined {
    // One uniform draw picks at most one onset per interval, so the stream position never depends on the rates.
    const u = this.rng.uniform();
    let threshold = 0;
    const perInterval = intervalS / DAY_S;
    for (const [fault, perDay] of [
      ['stuck-on', this.rates.stuckOnPerDay],
      ['dead', this.rates.deadPerDay],
      ['chattering', this.rates.chatteringPerDay],
    ] as const) {
      threshold += 1 - Math.exp(-perDay * perInterval);
      if (u < threshold) return fault;
    }
    return undefined;
  }
}
