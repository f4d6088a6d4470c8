/**
 * The per-detector sample counts Chen et al. (2003, TRR 1855) diagnose from, kept so that samples can be added and
 * removed again: the same structure serves a day (add only) and a rolling window (add, then remove when old).
 */
import { entropyTerm } from './entropy-terms';
import type { SampleCheck, SampleIssue } from './sample-checks';

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
  /** Part of a run of near-full occupancy with an unchanged count that has lasted `stuckOnMinRunS` (stuck on). */
  readonly stuckRun: boolean;
  /** Part of a daytime run without vehicle or occupancy that has lasted `deadMinSilentS` (dead). */
  readonly silentRun: boolean;
  /** Repeats the previous sample's non-zero, below-stuck occupancy and its count exactly (a frozen reading). */
  readonly repeated: boolean;
  /** 0.1 %-point occupancy bin, 0–1000: fine enough that urban loops, mostly under 15 %, show their variety. */
  readonly occupancyBin: number;
}

const FLAG_DAYTIME = 1;
const FLAG_ZERO_OCCUPANCY = 2;
const FLAG_OCCUPIED_WITHOUT_FLOW = 4;
const FLAG_STUCK_ON_LIKE = 8;
const FLAG_IMPLAUSIBLE = 16;
const FLAG_REPORTED_FAILED = 32;
const FLAG_USABLE = 64;
const FLAG_STUCK_RUN = 128;
const FLAG_SILENT_RUN = 256;
const FLAG_REPEATED = 512;
const BIN_SHIFT = 10;

const ISSUE_FLAGS: Readonly<Record<SampleIssue, number>> = {
  'occupied-without-flow': FLAG_OCCUPIED_WITHOUT_FLOW,
  'stuck-on-like': FLAG_STUCK_ON_LIKE,
  'flow-occupancy-implausible': FLAG_IMPLAUSIBLE,
  'reported-failed': FLAG_REPORTED_FAILED,
};

/** What the sample's place in a run of like samples says, as `packFacts` flags (kept by the tracker, which sees samples in time order). */
export const RUN_STUCK = FLAG_STUCK_RUN;
export const RUN_SILENT = FLAG_SILENT_RUN;
export const RUN_REPEATED = FLAG_REPEATED;

/**
 * What one sample contributes to the counts, packed as `packFacts` packs it, built without the facts object: quality
 * packs every sample, and the object (a spread and four issue scans each) was the top hot spot of replay.
 * `runFlags`: `RUN_*` flags or 0.
 */
export function packSample(occupancyPct: number, volume: number, daytime: boolean, check: SampleCheck, runFlags: number): number {
  let packed = (Math.min(OCCUPANCY_BINS - 1, Math.max(0, Math.round(occupancyPct * 10))) << BIN_SHIFT) | runFlags;
  if (daytime) packed |= FLAG_DAYTIME;
  if (occupancyPct === 0 && volume === 0) packed |= FLAG_ZERO_OCCUPANCY;
  if (check.usable) packed |= FLAG_USABLE;
  for (const issue of check.issues) packed |= ISSUE_FLAGS[issue];
  return packed;
}

/**
 * The facts but their time as one small integer (flags, then the occupancy bin), and back. A rolling window holds
 * hours of samples of every detector: kept as numbers they cost the garbage collector nothing, as objects they did.
 */
export function packFacts(f: SampleFacts): number {
  let packed = f.occupancyBin << BIN_SHIFT;
  if (f.daytime) packed |= FLAG_DAYTIME;
  if (f.zeroOccupancy) packed |= FLAG_ZERO_OCCUPANCY;
  if (f.occupiedWithoutFlow) packed |= FLAG_OCCUPIED_WITHOUT_FLOW;
  if (f.stuckOnLike) packed |= FLAG_STUCK_ON_LIKE;
  if (f.implausible) packed |= FLAG_IMPLAUSIBLE;
  if (f.reportedFailed) packed |= FLAG_REPORTED_FAILED;
  if (f.usable) packed |= FLAG_USABLE;
  if (f.stuckRun) packed |= FLAG_STUCK_RUN;
  if (f.silentRun) packed |= FLAG_SILENT_RUN;
  if (f.repeated) packed |= FLAG_REPEATED;
  return packed;
}

export function unpackFacts(tsMs: number, packed: number): SampleFacts {
  return {
    tsMs,
    daytime: (packed & FLAG_DAYTIME) !== 0,
    zeroOccupancy: (packed & FLAG_ZERO_OCCUPANCY) !== 0,
    occupiedWithoutFlow: (packed & FLAG_OCCUPIED_WITHOUT_FLOW) !== 0,
    stuckOnLike: (packed & FLAG_STUCK_ON_LIKE) !== 0,
    implausible: (packed & FLAG_IMPLAUSIBLE) !== 0,
    reportedFailed: (packed & FLAG_REPORTED_FAILED) !== 0,
    usable: (packed & FLAG_USABLE) !== 0,
    stuckRun: (packed & FLAG_STUCK_RUN) !== 0,
    silentRun: (packed & FLAG_SILENT_RUN) !== 0,
    repeated: (packed & FLAG_REPEATED) !== 0,
    occupancyBin: packed >> BIN_SHIFT,
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
  /** Daytime samples in a persistent stuck run, in a long silent run, repeating the previous reading. */
  stuckRun = 0;
  silentRun = 0;
  repeated = 0;
  private readonly bins = new Int32Array(OCCUPANCY_BINS);
  /**
   * One bit per bin, set while the bin's count is positive. The entropy is read for every detector in every step and
   * only needs the non-empty bins: walking the set bits visits them in the same ascending order as a scan of all 1,001.
   */
  private readonly nonEmpty = new Uint32Array(Math.ceil(OCCUPANCY_BINS / 32));
  /**
   * The entropy as last computed, while no daytime sample came or went since: at night the rolling window only loses
   * daytime samples now and then, and every step asks for the entropy of every detector.
   */
  private entropyBits: number | undefined;

  add(f: SampleFacts): void {
    this.applyPacked(packFacts(f), 1);
  }

  remove(f: SampleFacts): void {
    this.applyPacked(packFacts(f), -1);
  }

  /** `add` of facts packed by `packFacts` or `packSample`. */
  addPacked(packed: number): void {
    this.applyPacked(packed, 1);
  }

  removePacked(packed: number): void {
    this.applyPacked(packed, -1);
  }

  /** Shannon entropy (bits) of the daytime occupancy histogram at 0.1 %-point resolution: H = −Σ p log2 p. */
  occupancyEntropyBits(): number {
    if (this.daytime === 0) return 0;
    if (this.entropyBits !== undefined) return this.entropyBits;
    const n = this.daytime;
    const words = this.nonEmpty;
    let h = 0;
    for (let w = 0; w < words.length; w++) {
      let bits = words[w]!;
      while (bits !== 0) {
        const lowest = bits & -bits;
        bits ^= lowest;
        h -= entropyTerm(this.bins[(w << 5) + 31 - Math.clz32(lowest)]!, n);
      }
    }
    this.entropyBits = h;
    return h;
  }

  private applyPacked(packed: number, sign: 1 | -1): void {
    this.received += sign;
    if ((packed & FLAG_USABLE) !== 0) this.usable += sign;
    if ((packed & FLAG_REPORTED_FAILED) !== 0) this.reportedFailed += sign;
    if ((packed & FLAG_IMPLAUSIBLE) !== 0) this.implausible += sign;
    if ((packed & FLAG_DAYTIME) === 0) return;
    this.entropyBits = undefined;
    this.daytime += sign;
    if ((packed & FLAG_ZERO_OCCUPANCY) !== 0) this.zeroOccupancy += sign;
    if ((packed & FLAG_OCCUPIED_WITHOUT_FLOW) !== 0) this.occupiedWithoutFlow += sign;
    if ((packed & FLAG_STUCK_ON_LIKE) !== 0) this.stuckOnLike += sign;
    if ((packed & FLAG_STUCK_RUN) !== 0) this.stuckRun += sign;
    if ((packed & FLAG_SILENT_RUN) !== 0) this.silentRun += sign;
    if ((packed & FLAG_REPEATED) !== 0) this.repeated += sign;
    const bin = packed >> BIN_SHIFT;
    const count = (this.bins[bin]! += sign);
    if (count > 0) this.nonEmpty[bin >> 5]! |= 1 << (bin & 31);
    else this.nonEmpty[bin >> 5]! &= ~(1 << (bin & 31));
  }
}
