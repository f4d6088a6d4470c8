/**
 * Feature vectors of the ridge model for one window, in units of each detector's scale:
 *
 *   bias · the detector's last `history` values (missing ones imputed from the historical profile) · share of
 *   missing lags · newest-missing flag · profile now · upstream and downstream neighbours' deviation from their
 *   profile (newest and mean of the last 3) · weekend · then per horizon: profile at the target time, two
 *   time-of-day harmonics of the target time, and three profile-scaled levels: the profile at the target time times
 *   the ratio of recent values to their profile, over the last 3 rows, over the whole window, and over the last 3
 *   rows of the whole network.
 *
 * Raw lags carry the local level best: on the demo network, lags as deviations from the profile (learned from a few
 * days, so noisier than the last hour) scored 10 % worse, and extra own-deviation means 1 % worse. Neighbours'
 * deviations carry an incident or a surge from the road around; the profile at the target time carries the daily
 * shape.
 *
 * Demand departs from its profile multiplicatively (a busy day or a surge scales the whole profile), which a sum of
 * lags and profile values cannot express where the profile ramps up or down; the profile-scaled levels can, and the
 * network's ratio, pooled over hundreds of detectors, measures the deviation all detectors share almost free of
 * count noise.
 */
import { DayClock } from './day-clock';
import type { HistoricalProfile } from './historical-profile';
import type { ModelBasis } from './model-basis';
import type { ModelSpec, PredictionWindow } from './prediction-model';

const RECENT = 3;
const HORIZON_FEATURES = 8;
/**
 * Pseudo-rows at the profile added to both sums of a ratio, in units of the detector's mean: keeps the ratio near 1
 * where the profile is near zero (night) or most rows are missing.
 */
const RATIO_PRIOR = 0.5;
/** Bias, missing share, newest-missing flag, profile now, four neighbour deviations, weekend. */
const COMMON_EXTRA = 9;

export class RidgeFeatures {
  readonly dim: number;
  private readonly n: number;
  private readonly clock: DayClock;
  /** Profile at each window row, newest first: [history × detectors]. */
  private readonly haHistory: Float64Array;
  private readonly devRecent: Float64Array;
  private readonly haTarget: Float64Array;
  private readonly tod: Float64Array;
  private readonly row: Float64Array;
  /** Recent values over their profile per detector: last RECENT rows, then the whole window. */
  private readonly ratioRecent: Float64Array;
  private readonly ratioWindow: Float64Array;
  private ratioNetwork = 1;
  private window: PredictionWindow | undefined;
  private leaveOwnFoldOut = false;
  private weekend = 0;
  /**
   * Time-of-day harmonics and the weekend flag only once training spans a whole day: fitted on part of one day, they
   * extrapolate wildly into hours never seen (an 8-hour SUMO run showed it).
   */
  calendar = true;
  /**
   * Profile-scaled levels only once training spans two days: in training each window's profile comes from the other
   * days, so with less the training profile is mostly the plain mean and the weights learned for the ratios do not
   * carry over to a real profile (a 2-day grid run showed it at the 60-minute horizon).
   */
  profileScaled = true;

  constructor(
    private readonly spec: ModelSpec,
    private readonly profile: HistoricalProfile,
    private readonly basis: ModelBasis,
  ) {
    this.n = spec.detectorIds.length;
    this.dim = spec.history + COMMON_EXTRA + HORIZON_FEATURES;
    this.clock = new DayClock(spec.utcOffsetHours);
    this.haHistory = new Float64Array(spec.history * this.n);
    this.devRecent = new Float64Array(RECENT * this.n);
    this.haTarget = new Float64Array(spec.horizons.length * this.n);
    this.tod = new Float64Array(spec.horizons.length * 4);
    this.row = new Float64Array(this.n);
    this.ratioRecent = new Float64Array(this.n);
    this.ratioWindow = new Float64Array(this.n);
  }

  /** Index of the first horizon-specific feature. */
  get horizonOffset(): number {
    return this.dim - HORIZON_FEATURES;
  }

  /** Work shared by all detectors of a window. leaveOwnFoldOut: training, where the profile must not know the day. */
  prepare(window: PredictionWindow, leaveOwnFoldOut: boolean): void {
    const { n, spec } = this;
    this.window = window;
    this.leaveOwnFoldOut = leaveOwnFoldOut;
    const rows = spec.history;
    for (let j = 0; j < rows; j++) {
      this.profile.fillRow(window.endMs - j * spec.stepMs, this.row, leaveOwnFoldOut);
      for (let d = 0; d < n; d++) this.haHistory[j * n + d] = this.orMean(this.row[d] as number, d);
    }
    for (let j = 0; j < RECENT; j++) {
      const r = rows - 1 - j;
      for (let d = 0; d < n; d++) {
        const x = r >= 0 ? (window.values[r * n + d] as number) : NaN;
        this.devRecent[j * n + d] = r >= 0 ? (x - (this.haHistory[j * n + d] as number)) / (this.basis.scales[d] as number) : NaN;
      }
    }
    for (let k = 0; k < spec.horizons.length; k++) {
      const target = window.endMs + (spec.horizons[k] as number) * spec.stepMs;
      this.profile.fillRow(target, this.row, leaveOwnFoldOut);
      for (let d = 0; d < n; d++) this.haTarget[k * n + d] = this.orMean(this.row[d] as number, d);
      const angle = 2 * Math.PI * this.clock.dayFraction(target);
      const on = this.calendar ? 1 : 0;
      this.tod[k * 4] = on * Math.sin(angle);
      this.tod[k * 4 + 1] = on * Math.cos(angle);
      this.tod[k * 4 + 2] = on * Math.sin(2 * angle);
      this.tod[k * 4 + 3] = on * Math.cos(2 * angle);
    }
    this.weekend = this.calendar && this.clock.isWeekend(window.endMs) ? 1 : 0;
    this.prepareRatios(window);
  }

  fillCommon(d: number, out: Float64Array): void {
    const window = this.window;
    if (!window) throw new Error('prepare a window first');
    const { n, spec } = this;
    const mean = this.basis.mean[d] as number;
    const scale = this.basis.scales[d] as number;
    const rows = spec.history;
    out[0] = 1;
    let missing = 0;
    for (let j = 0; j < rows; j++) {
      const x = window.values[(rows - 1 - j) * n + d] as number;
      if (Number.isNaN(x)) missing++;
      out[1 + j] = ((Number.isNaN(x) ? (this.haHistory[j * n + d] as number) : x) - mean) / scale;
    }
    let i = 1 + rows;
    out[i++] = missing / rows;
    out[i++] = Number.isNaN(window.values[(rows - 1) * n + d] as number) ? 1 : 0;
    out[i++] = ((this.haHistory[d] as number) - mean) / scale;
    i = this.neighbourDeviation(spec.neighbours.upstream[d] ?? [], out, i);
    i = this.neighbourDeviation(spec.neighbours.downstream[d] ?? [], out, i);
    out[i] = this.weekend;
  }

  fillHorizon(k: number, d: number, out: Float64Array): void {
    let i = this.horizonOffset;
    const mean = this.basis.mean[d] as number;
    const scale = this.basis.scales[d] as number;
    const target = this.haTarget[k * this.n + d] as number;
    out[i++] = (target - mean) / scale;
    for (let j = 0; j < 4; j++) out[i++] = this.tod[k * 4 + j] as number;
    const on = this.profileScaled ? 1 : 0;
    out[i++] = (on * (target * (this.ratioRecent[d] as number) - mean)) / scale;
    out[i++] = (on * (target * (this.ratioWindow[d] as number) - mean)) / scale;
    out[i] = (on * (target * this.ratioNetwork - mean)) / scale;
  }

  /** Ratios of observed values to the profile at the same rows, each sum shrunk towards the profile. */
  private prepareRatios(window: PredictionWindow): void {
    const { n, spec } = this;
    const rows = spec.history;
    let networkObserved = 0;
    let networkProfile = 0;
    for (let d = 0; d < n; d++) {
      const prior = RATIO_PRIOR * Math.max(this.basis.mean[d] as number, 0);
      let observed = 0;
      let profiled = 0;
      for (let j = 0; j < rows; j++) {
        const x = window.values[(rows - 1 - j) * n + d] as number;
        if (!Number.isNaN(x)) {
          observed += x;
          profiled += this.haHistory[j * n + d] as number;
        }
        if (j === Math.min(RECENT, rows) - 1) {
          this.ratioRecent[d] = ratio(observed + prior, profiled + prior);
          networkObserved += observed;
          networkProfile += profiled;
        }
      }
      this.ratioWindow[d] = ratio(observed + prior, profiled + prior);
    }
    this.ratioNetwork = ratio(networkObserved, networkProfile);
  }

  /** Mean deviation of the newest row and of the last RECENT rows over the neighbours that reported; 0 if none. */
  private neighbourDeviation(neighbours: readonly number[], out: Float64Array, i: number): number {
    let now = 0;
    let nowCount = 0;
    let recent = 0;
    let recentCount = 0;
    for (const j of neighbours) {
      for (let r = 0; r < RECENT; r++) {
        const dev = this.devRecent[r * this.n + j] as number;
        if (Number.isNaN(dev)) continue;
        recent += dev;
        recentCount++;
        if (r === 0) {
          now += dev;
          nowCount++;
        }
      }
    }
    out[i] = nowCount > 0 ? now / nowCount : 0;
    out[i + 1] = recentCount > 0 ? recent / recentCount : 0;
    return i + 2;
  }

  private orMean(value: number, d: number): number {
    return Number.isNaN(value) ? (this.basis.mean[d] as number) : value;
  }
}

/** a / b within [1/4, 4], 1 when b is not positive: one odd interval must not multiply a forecast without bound. */
function ratio(a: number, b: number): number {
  if (!(b > 0)) return 1;
  return Math.min(4, Math.max(0.25, a / b));
}
