/**
 * Thresholds of the loop diagnostics, named and tunable.
 *
 * Chen, Kwon, Skabardonis & Varaiya (2003), "Detecting errors and imputing missing data for single-loop surveillance
 * systems", TRR 1855, pp. 160–167 (the method behind Caltrans PeMS), judge a loop per day from its 30-s samples between
 * 05:00 and 22:00 (2,040 samples) with four counts: samples with zero occupancy (> 1,200 → bad), samples with occupancy
 * but zero flow (> 50), samples with occupancy above 35 % (> 200), and the entropy of occupancy (< 4 → bad). Counts are
 * kept here as shares of the daytime samples so any interval length works.
 *
 * Urban adaptation (ours, see docs/estimation.md): on a signalised arterial a standing queue covers a stop-bar loop
 * for most of every red, and jams hold advance loops above 35 % for hours, so Chen's high-occupancy count would flag
 * every congested junction. "Stuck on" therefore counts samples near full occupancy *with no vehicle counted*, and the
 * occupancy-without-flow rule is not applied to stop-bar loops.
 */
const CHEN_DAYTIME_SAMPLES = 2040;

export interface QualityThresholds {
  /** Local minutes of day [start, end) whose samples enter the diagnostics (Chen et al. 2003: 05:00–22:00). */
  readonly daytimeWindowMin: readonly [number, number];
  /** Share of daytime samples with zero occupancy above which a loop is dead (Chen: 1,200 / 2,040). */
  readonly deadZeroOccupancyShare: number;
  /** Share of daytime samples with occupancy but no count above which a loop drops pulses (Chen: 50 / 2,040). */
  readonly occupancyWithoutFlowShare: number;
  /** Occupancy (%) at or above which a sample with zero count looks stuck on. */
  readonly stuckOnOccupancyPct: number;
  /** Share of such samples above which the loop is stuck on (Chen's high-occupancy count: 200 / 2,040). */
  readonly stuckOnShare: number;
  /**
   * Entropy of the occupancy values (bits, 0.1 %-point bins) below which values are constant (Chen: 4). A detector
   * that reports whole percents has fewer distinct values; lower this for such fleets.
   */
  readonly minEntropyBits: number;
  /** Share of samples implausible for a triangular fundamental diagram above which the loop chatters (Chen's S1 tolerance reused: 50 / 2,040). */
  readonly chatteringShare: number;
  /** Share of samples the device itself reported `failed` above which the detector is failed. */
  readonly reportedFailedShare: number;
  /** Completeness under which the detector is flagged (project choice; PeMS reports "% observed" without one cut-off). */
  readonly minCompleteness: number;
  /** Daytime samples needed before any diagnosis is made; fewer gives `insufficient-data`. */
  readonly minDaytimeSamples: number;
  /** Upper bound of flow per lane (veh/h): PeMS treats more than 20 vehicles per 30 s per lane as invalid. */
  readonly maxFlowVphPerLane: number;
  /** Triangular diagram bounds: fastest free-flow speed as a multiple of the limit, shortest g, fastest backward wave. */
  readonly freeFlowSpeedFactor: number;
  readonly minFreeFlowSpeedKph: number;
  readonly minEffectiveLengthM: number;
  readonly maxBackwardWaveKph: number;
  /** Counting tolerance (vehicles per interval) before a flow is called implausible: occupancy is rounded, counts are whole. */
  readonly volumeSlackVeh: number;
  /** Neighbour check: log flow ratio off its typical value by more than ln(factor) → disagreement (project choice: 2). */
  readonly neighbourRatioFactor: number;
  /** Paired samples needed before a typical ratio is trusted. */
  readonly neighbourMinPairs: number;
  /** Least flow on both sides of a pair for the ratio to mean anything (veh/h). */
  readonly neighbourMinFlowVph: number;
}

export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = {
  daytimeWindowMin: [5 * 60, 22 * 60],
  deadZeroOccupancyShare: 1200 / CHEN_DAYTIME_SAMPLES,
  occupancyWithoutFlowShare: 50 / CHEN_DAYTIME_SAMPLES,
  stuckOnOccupancyPct: 90,
  stuckOnShare: 200 / CHEN_DAYTIME_SAMPLES,
  minEntropyBits: 4,
  chatteringShare: 50 / CHEN_DAYTIME_SAMPLES,
  reportedFailedShare: 0.5,
  minCompleteness: 0.8,
  minDaytimeSamples: 120,
  maxFlowVphPerLane: 2400,
  freeFlowSpeedFactor: 1.5,
  minFreeFlowSpeedKph: 80,
  minEffectiveLengthM: 4,
  maxBackwardWaveKph: 30,
  volumeSlackVeh: 2,
  neighbourRatioFactor: 2,
  neighbourMinPairs: 60,
  neighbourMinFlowVph: 120,
};
