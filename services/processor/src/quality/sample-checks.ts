/**
 * Checks one interval aggregate on its own, as it arrives: what the device said of itself, and whether flow and
 * occupancy can coexist on one lane under a triangular fundamental diagram (Newell 1993; Daganzo 1994). A chattering
 * loop counts pulses without the occupancy real vehicles leave, which puts it above the free-flow branch.
 */
import type { SampleIssue } from '@arterial/contracts/api/v1';
import type { DetectorSample } from './detector-sample';
import type { QualityThresholds } from './quality.thresholds';

/** What one interval's own checks found (the contract's `SampleIssue`). */
export type { SampleIssue };

export interface SampleCheck {
  /** Flow and occupancy may be used. */
  readonly usable: boolean;
  /** The reported speed may be used: present, and at least one vehicle passed to measure it. */
  readonly speedUsable: boolean;
  readonly issues: readonly SampleIssue[];
}

export interface SampleContext {
  readonly speedLimitKph: number;
}

/** Largest flow (veh/h) one lane can carry at this occupancy: min(capacity, free-flow branch, congested branch). */
export function maxPlausibleFlowVph(occupancyPct: number, ctx: SampleContext, t: QualityThresholds): number {
  const o = Math.min(1, Math.max(0, occupancyPct / 100));
  const vFreeMps = Math.max(t.minFreeFlowSpeedKph, ctx.speedLimitKph * t.freeFlowSpeedFactor) / 3.6;
  const wMps = t.maxBackwardWaveKph / 3.6;
  // k = o / g, so q ≤ v·k on the free branch and q ≤ w·(kj − k) = w·(1 − o)/g on the congested one, with the
  // shortest plausible g making both bounds as generous as physics allows.
  const freeBranch = ((vFreeMps * o) / t.minEffectiveLengthM) * 3600;
  const congestedBranch = ((wMps * (1 - o)) / t.minEffectiveLengthM) * 3600;
  return Math.min(t.maxFlowVphPerLane, freeBranch, congestedBranch);
}

export function checkSample(s: DetectorSample, ctx: SampleContext, t: QualityThresholds): SampleCheck {
  const issues: SampleIssue[] = [];
  const failed = s.health === 'failed';
  if (failed) issues.push('reported-failed');
  const allowedVolume = (maxPlausibleFlowVph(s.occupancyPct, ctx, t) * s.intervalS) / 3600 + t.volumeSlackVeh;
  const implausible = s.volume > allowedVolume;
  if (implausible) issues.push('flow-occupancy-implausible');
  if (s.volume === 0 && s.occupancyPct > 0) issues.push(s.occupancyPct >= t.stuckOnOccupancyPct ? 'stuck-on-like' : 'occupied-without-flow');
  const usable = !failed && !implausible;
  return { usable, speedUsable: usable && s.speedKph !== undefined && s.volume > 0, issues };
}
