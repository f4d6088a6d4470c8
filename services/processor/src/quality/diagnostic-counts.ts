/**
 * The per-detector sample counts Chen et al. (2003, TRR 1855) diagnose from, kept so that samples can be added and
 * removed again: the same structure serves a day (add only) and a rolling window (add, then remove when old).
 */
import type { SampleCheck } from './sample-checks';

const OCCUPANCY_BINS = 1001;

/** What one sample contributes to the counts. */
export interface SampleFacts {
  readonly tsMs: number;
  /** Inside the daytime window the occupancy statistics use. */
  readonly daytime: boolean;
  readonly zeroOccupancy: boolean;
  readonly occupiedWithoutFlow: boolean;
  readonly stuckOnLike: boolean;
  readonly implausible: boolean;
  readonly reportedFailed: boolean;
  readonly usable: boolean;
  /** 0.1 %-point occupancy bin, 0–1000: fine enough that urban loops, mostly under 15 %, show their variety. */
  readonly occupancyBin: number;
}

export function sampleFacts(tsMs: number, occupancyPct: number, volume: number, daytime: boolean, check: SampleCheck): SampleFacts {
  return {
    tsMs,
    daytime,
    zeroOccupancy: occupancyPct === 0 && volume === 0,
    occupiedWithoutFlow: check.issues.includes('occupied-without-flow'),
    stuckOnLike: check.issues.includes('stuck-on-like'),
    implausible: check.issues.includes('flow-occupancy-implausible'),
    reportedFailed: check.issues.includes('reported-failed'),
    usable: check.usable,
    occupancyBin: Math.min(OCCUPANCY_BINS - 1, Math.max(0, Math.round(occupancyPct * 10))),
  };
}

export class DiagnosticCounts {
  /** Distinct samples received (any time of day). */
  received = 0;
  usable = 0;
  reportedFailed = 0;
  implausible = 0;
  daytime = 0;
  zeroOccupancy = 0;
  occupiedWithoutFlow = 0;
  stuckOnLike = 0;
  private readonly bins = new Array<number>(OCCUPANCY_BINS).fill(0);

  add(f: SampleFacts): void {
    this.apply(f, 1);
  }

  remove(f: SampleFacts): void {
    this.apply(f, -1);
  }

  /** Shannon entropy (bits) of the daytime occupancy histogram at 0.1 %-point resolution: H = −Σ p log2 p. */
  occupancyEntropyBits(): number {
    if (this.daytime === 0) return 0;
    let h = 0;
    for (const c of this.bins) {
      if (c <= 0) continue;
      const p = c / this.daytime;
      h -= p * Math.log2(p);
    }
    return h;
  }

  private apply(f: SampleFacts, sign: 1 | -1): void {
    this.received += sign;
    if (f.usable) this.usable += sign;
    if (f.reportedFailed) this.reportedFailed += sign;
    if (f.implausible) this.implausible += sign;
    if (!f.daytime) return;
    this.daytime += sign;
    if (f.zeroOccupancy) this.zeroOccupancy += sign;
    if (f.occupiedWithoutFlow) this.occupiedWithoutFlow += sign;
    if (f.stuckOnLike) this.stuckOnLike += sign;
    this.bins[f.occupancyBin]! += sign;
  }
}
