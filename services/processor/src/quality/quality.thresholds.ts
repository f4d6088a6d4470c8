/**
 * Thresholds of the loop diagnostics, named and tunable.
 *
 * Chen, Kwon, Skabardonis & Varaiya (2003), "Detecting errors and imputing missing data for single-loop surveillance
 * systems", TRR 1855, pp. 160–167 (the method behind Caltrans PeMS), judge a loop per day from its 30-s samples between
 * 05:00 and 22:00 (2,040 samples) with four counts: samples with zero occupancy (> 1,200 → bad), samples with occupancy
 * but zero flow (> 50), samples with occupancy above 35 % (> 200), and the entropy of occupancy (< 4 → bad). Counts are
 * kept here as shares of the daytime samples so any interval length works.
 *
 * Urban adaptation (ours, see docs/estimation.md): Chen's counts assume 30-s samples of freeway mainline loops. Our
 * loops report every 10 s at signalised junctions, where a standing queue covers a stop-bar loop for the whole red
 * (several 10-s samples at 100 % and no count in a row), jams hold advance loops above 35 % for hours, and a lane
 * carrying 150 veh/h has no vehicle in two 10-s samples of three. Per-sample shares therefore read signal cycles and
 * light traffic as faults (199 of 336 loops flagged on the 6 h demo replay, against 7 injected faults). The rules
 * here judge *persistence* instead, on time scales no signal cycle or low demand reaches:
 * - stuck on: full occupancy with an unchanged count for longer than any cycle (`stuckOnMinRunS`);
 * - dead: no vehicle and no occupancy for a daytime hour in a row (`deadMinSilentS`);
 * - constant: low entropy *and* the same non-zero reading repeated sample after sample (`constantRepeatShare`);
 * - chattering: samples a lane cannot carry, by share or by number (`chatteringMinSamples`).
 * The occupancy-without-flow warning is not applied to stop-bar loops.
 */
const CHEN_DAYTIME_SAMPLES = 2040;

export interface QualityThresholds {
  /** Local minutes of day [start, end) whose samples enter the diagnostics (Chen et al. 2003: 05:00–22:00). */
  readonly daytimeWindowMin: readonly [number, number];
  /**
   * Daytime seconds in a row without any vehicle or occupancy after which a loop is dead (project choice: 1 h). Chen's
   * "zero-occupancy share > 1,200/2,040" flagged every lane under ~200 veh/h at 10-s samples. On the demo morning the
   * longest gap of a working loop is 6 min (the quietest lane carries 117 veh/h); an arterial lane without one vehicle
   * for an hour between 05:00 and 22:00 has lost its loop. The run restarts at night, so a quiet night never counts.
   */
  readonly deadMinSilentS: number;
  /** Share of daytime samples with occupancy but no count above which a loop drops pulses (Chen: 50 / 2,040). */
  readonly occupancyWithoutFlowShare: number;
  /** Occupancy (%) at or above which a sample with zero count looks stuck on. */
  readonly stuckOnOccupancyPct: number;
  /**
   * Seconds a loop must read at least `stuckOnOccupancyPct` with an unchanged count (none, or a frozen counter) before
   * it is stuck on (project choice: 10 min). A queue covers a stop-bar loop for one red at most (≤ 100 s on the demo
   * network, ≤ 180 s for the longest urban cycles) and is discharged over it every green; the longest such run of a
   * working loop on the demo morning is 100 s. Ten minutes is over three of the longest cycles and twice a typical
   * controller max-presence timer (5 min), so only a loop that has stopped seeing the signal cycle gets there.
   */
  readonly stuckOnMinRunS: number;
  /**
   * Entropy of the occupancy values (bits, 0.1 %-point bins) below which values may be constant (Chen: 4). Necessary,
   * not sufficient: mostly-empty 10-s samples of a quiet lane and 0/100 % samples of a stop-bar loop have low entropy
   * too. A detector that reports whole percents has fewer distinct values; lower this for such fleets.
   */
  readonly minEntropyBits: number;
  /**
   * Share of daytime samples repeating the previous sample's non-zero, below-stuck occupancy and its count exactly,
   * above which a low-entropy loop is constant (project choice: half). Real traffic changes occupancy (0.1 %-point
   * resolution) and counts from one interval to the next: working loops on the demo morning repeat at most 5 % of
   * samples; a frozen reading repeats nearly all. Empty samples (0/0) are the dead rule's, full ones the stuck rule's.
   */
  readonly constantRepeatShare: number;
  /** Share of samples implausible for a triangular fundamental diagram above which the loop chatters (Chen's S1 tolerance reused: 50 / 2,040). */
  readonly chatteringShare: number;
  /**
   * Number of implausible samples in the window at which the loop chatters whatever their share (project choice: 10).
   * Chatter comes in episodes (mean 45 min in the simulator, often minutes in the field) that a 6 h window dilutes
   * under the share; with 2 vehicles of slack above what the lane can carry, a working loop produced none in 725,000
   * samples of the demo morning, and each chattering one 19 or more.
   */
  readonly chatteringMinSamples: number;
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
  deadMinSilentS: 3600,
  occupancyWithoutFlowShare: 50 / CHEN_DAYTIME_SAMPLES,
  stuckOnOccupancyPct: 90,
  stuckOnMinRunS: 600,
  minEntropyBits: 4,
  constantRepeatShare: 0.5,
  chatteringShare: 50 / CHEN_DAYTIME_SAMPLES,
  chatteringMinSamples: 10,
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
