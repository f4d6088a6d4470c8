/**
 * Turns a detector's counts over a day or a rolling window into diagnoses and a 0–100 quality score.
 *
 * Faults (data unusable): dead, stuck-on, constant (low entropy), chattering, reported-failed: Chen et al. (2003,
 * TRR 1855) with the urban adaptation in quality.thresholds.ts: on a signalised arterial a fault is what persists
 * beyond the signal cycle and beyond light traffic, not a share of 10-s samples that a red or an empty lane explains.
 * Warnings (data usable with care): occupancy without
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

function share(n: number, of: number): number {
  return of > 0 ? n / of : 0;
}

// runs for every detector in every step: no closures, and the faults found kept as flags besides the list
export function diagnose(c: DiagnosticCounts, ctx: DiagnosisContext, t: QualityThresholds): DetectorDiagnosis {
  const completeness = ctx.expectedIntervals > 0 ? Math.min(1, c.received / ctx.expectedIntervals) : 0;
  const stats = {
    received: c.received,
    expected: ctx.expectedIntervals,
    daytimeSamples: c.daytime,
    zeroOccupancyShare: share(c.zeroOccupancy, c.daytime),
    occupancyWithoutFlowShare: share(c.occupiedWithoutFlow, c.daytime),
    // samples in a stuck run (full, count unchanged, longer than any cycle), not every full sample of a red
    stuckOnShare: share(c.stuckRun, c.daytime),
    implausibleShare: share(c.implausible, c.received),
    usableShare: share(c.usable, c.received),
    occupancyEntropyBits: c.occupancyEntropyBits(),
  };
  const faults: DetectorFault[] = [];
  const warnings: DetectorWarning[] = [];
  if (share(c.reportedFailed, c.received) > t.reportedFailedShare) faults.push('reported-failed');
  if (stats.implausibleShare > t.chatteringShare || c.implausible >= t.chatteringMinSamples) faults.push('chattering');
  if (c.daytime < t.minDaytimeSamples) {
    warnings.push('insufficient-data');
  } else {
    // an hour of daytime with no vehicle at all; a quiet lane has gaps of minutes, and night samples do not count
    const dead = c.silentRun > 0;
    if (dead) faults.push('dead');
    // full occupancy, count unchanged, for longer than any signal cycle: a queue is discharged over the loop every green
    const stuckOn = c.stuckRun > 0;
    if (stuckOn) faults.push('stuck-on');
    // low entropy alone is a quiet lane (mostly 0) or a stop-bar loop (0 or 100 % with the cycle); constant also needs
    // the same non-zero reading repeated. Dead and stuck loops are constant too: name the cause, not the symptom
    const repeatedShare = share(c.repeated, c.daytime);
    if (stats.occupancyEntropyBits < t.minEntropyBits && repeatedShare > t.constantRepeatShare && !dead && !stuckOn) faults.push('constant');
    // a vehicle standing on a stop-bar loop through a red is occupancy without a count: only advance loops are judged
    if (ctx.placement === 'advance' && stats.occupancyWithoutFlowShare > t.occupancyWithoutFlowShare) warnings.push('occupancy-without-flow');
  }
  if (completeness < t.minCompleteness) warnings.push('low-completeness');
  if (ctx.neighbourDisagreement) warnings.push('neighbour-disagreement');

  let factor = 1;
  let suspect = false;
  for (const w of warnings) {
    factor *= WARNING_FACTOR[w];
    if (w !== 'insufficient-data') suspect = true;
  }
  const score = faults.length > 0 ? 0 : Math.round(100 * completeness * stats.usableShare * factor);
  const status = faults.length > 0 ? 'bad' : suspect ? 'suspect' : 'good';
  return { status, faults, warnings, score, completeness, stats };
}
