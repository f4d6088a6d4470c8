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
import type { DetectorDiagnosis, DetectorFault, DetectorWarning } from '@arterial/contracts/api/v1';
import type { DiagnosticCounts } from './diagnostic-counts';
import type { QualityThresholds } from './quality.thresholds';

// Diagnoses go out over REST (`GET /api/detectors/{id}/quality`), so the contract defines their shape.
export type { DetectorDiagnosis, DetectorFault, DetectorWarning };

/** Warnings lower the score by these factors (project choice, docs/estimation.md). */
const WARNING_FACTOR: Record<DetectorWarning, number> = {
  'occupancy-without-flow': 0.8,
  'low-completeness': 1, // already in the completeness term
  'neighbour-disagreement': 0.6,
  'insufficient-data': 1,
};

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
