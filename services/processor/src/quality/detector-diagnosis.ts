/**
 * Turns a detector's counts over a day or a rolling window into diagnoses and a 0–100 quality score.
 *
 * Faults (data unusable): dead, stuck-on, constant (low entropy), chattering, reported-failed: Chen et al. (2003,
 * TRR 1855) with the urban adaptation in quality.thresholds.ts. Warnings (data usable with care): occupancy without
 * counts, low completeness, disagreement with neighbours.
 *
 * Score = 100 × completeness × usable share × Π(warning factors), and 0 when a fault is diagnosed: a dead or stuck loop
 * delivers nothing an estimate may use, however complete its messages are.
 */
import type { DiagnosticCounts } from './diagnostic-counts';
import type { QualityThresholds } from './quality.thresholds';

export type DetectorFault = 'dead' | 'stuck-on' | 'constant' | 'chattering' | 'reported-failed';
export type DetectorWarning = 'occupancy-without-flow' | 'low-completeness' | 'neighbour-disagreement' | 'insufficient-data';

/** Warnings lower the score by these factors (project choice, docs/estimation.md). */
const WARNING_FACTOR: Record<DetectorWarning, number> = {
  'occupancy-without-flow': 0.8,
  'low-completeness': 1, // already in the completeness term
  'neighbour-disagreement': 0.6,
  'insufficient-data': 1,
};

/**
 * Internal shape for now; the daily report moves into the contract package (`api/v1`) with the REST wiring.
 */
export interface DetectorDiagnosis {
  readonly status: 'good' | 'suspect' | 'bad';
  readonly faults: readonly DetectorFault[];
  readonly warnings: readonly DetectorWarning[];
  /** 0–100. */
  readonly score: number;
  /** Intervals received / intervals expected, 0–1. */
  readonly completeness: number;
  readonly stats: {
    readonly received: number;
    readonly expected: number;
    readonly daytimeSamples: number;
    readonly zeroOccupancyShare: number;
    readonly occupancyWithoutFlowShare: number;
    readonly stuckOnShare: number;
    readonly implausibleShare: number;
    readonly usableShare: number;
    readonly occupancyEntropyBits: number;
  };
}

export interface DiagnosisContext {
  readonly placement: 'stop-bar' | 'advance';
  readonly expectedIntervals: number;
  readonly neighbourDisagreement: boolean;
}

export function diagnose(c: DiagnosticCounts, ctx: DiagnosisContext, t: QualityThresholds): DetectorDiagnosis {
  const share = (n: number, of: number) => (of > 0 ? n / of : 0);
  const completeness = ctx.expectedIntervals > 0 ? Math.min(1, c.received / ctx.expectedIntervals) : 0;
  const stats = {
    received: c.received,
    expected: ctx.expectedIntervals,
    daytimeSamples: c.daytime,
    zeroOccupancyShare: share(c.zeroOccupancy, c.daytime),
    occupancyWithoutFlowShare: share(c.occupiedWithoutFlow, c.daytime),
    stuckOnShare: share(c.stuckOnLike, c.daytime),
    implausibleShare: share(c.implausible, c.received),
    usableShare: share(c.usable, c.received),
    occupancyEntropyBits: c.occupancyEntropyBits(),
  };
  const faults: DetectorFault[] = [];
  const warnings: DetectorWarning[] = [];
  if (share(c.reportedFailed, c.received) > t.reportedFailedShare) faults.push('reported-failed');
  if (stats.implausibleShare > t.chatteringShare) faults.push('chattering');
  if (c.daytime < t.minDaytimeSamples) {
    warnings.push('insufficient-data');
  } else {
    if (stats.zeroOccupancyShare > t.deadZeroOccupancyShare) faults.push('dead');
    if (stats.stuckOnShare > t.stuckOnShare) faults.push('stuck-on');
    // dead and stuck loops are constant too; name the cause, not the symptom
    if (stats.occupancyEntropyBits < t.minEntropyBits && !faults.includes('dead') && !faults.includes('stuck-on')) faults.push('constant');
    // a vehicle standing on a stop-bar loop through a red is occupancy without a count: only advance loops are judged
    if (ctx.placement === 'advance' && stats.occupancyWithoutFlowShare > t.occupancyWithoutFlowShare) warnings.push('occupancy-without-flow');
  }
  if (completeness < t.minCompleteness) warnings.push('low-completeness');
  if (ctx.neighbourDisagreement) warnings.push('neighbour-disagreement');

  const factor = warnings.reduce((f, w) => f * WARNING_FACTOR[w], 1);
  const score = faults.length > 0 ? 0 : Math.round(100 * completeness * stats.usableShare * factor);
  const status = faults.length > 0 ? 'bad' : warnings.some((w) => w !== 'insufficient-data') ? 'suspect' : 'good';
  return { status, faults, warnings, score, completeness, stats };
}
