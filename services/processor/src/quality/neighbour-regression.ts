/**
 * Imputation by regression on neighbouring detectors (Chen, Kwon, Skabardonis & Varaiya 2003, TRR 1855): for each
 * (detector, neighbour) pair a linear model y = a + b·x is fitted on intervals where both were good; a missing or bad
 * value is predicted from each neighbour with a good fit, and the median of those predictions is taken.
 * Least squares with exponential forgetting keeps the fit current without storing samples.
 */
import { median } from './stats';

export type ImputedQuantity = 'flowVph' | 'occupancyPct' | 'speedKph';

/** Per-observation forgetting factor: an effective memory of ~1,000 intervals. */
const FORGETTING = 0.999;
/** Effective observations before a fit is used. */
const MIN_EFFECTIVE_N = 30;
/** Fits explaining less than half the variance are not used (coefficient of determination). */
const MIN_R2 = 0.5;

class PairFit {
  private w = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private sxy = 0;
  private syy = 0;

  add(x: number, y: number): void {
    const f = FORGETTING;
    this.w = this.w * f + 1;
    this.sx = this.sx * f + x;
    this.sy = this.sy * f + y;
    this.sxx = this.sxx * f + x * x;
    this.sxy = this.sxy * f + x * y;
    this.syy = this.syy * f + y * y;
  }

  /** Prediction at x, or null when the fit is not (yet) trustworthy. */
  predict(x: number): number | null {
    if (this.w < MIN_EFFECTIVE_N) return null;
    const mx = this.sx / this.w;
    const my = this.sy / this.w;
    const cxx = this.sxx / this.w - mx * mx;
    const cxy = this.sxy / this.w - mx * my;
    const cyy = this.syy / this.w - my * my;
    // both sides (nearly) constant, as speeds in steady free flow: the target's own level is the prediction
    if (cxx <= 1e-6 * (1 + mx * mx)) return cyy <= 1e-6 * (1 + my * my) ? my : null;
    if (cyy <= 1e-9) return my;
    const r2 = (cxy * cxy) / (cxx * cyy);
    if (r2 < MIN_R2) return null;
    const b = cxy / cxx;
    return my + b * (x - mx);
  }
}

export interface NeighbourValue {
  readonly detectorId: string;
  readonly value: number;
}

/** One value of each quantity; null where it is missing. */
export type QuantityValues = { readonly [Q in ImputedQuantity]: number | null };

/** One (target, neighbour) pair's fit of every quantity, made together: they are learned together. */
export class PairFits {
  readonly flowVph = new PairFit();
  readonly occupancyPct = new PairFit();
  readonly speedKph = new PairFit();

  /** Learns from one interval in which both were good and measured: every quantity both have (not null). */
  learn(target: QuantityValues, neighbour: QuantityValues): void {
    if (target.flowVph !== null && neighbour.flowVph !== null) this.flowVph.add(neighbour.flowVph, target.flowVph);
    if (target.occupancyPct !== null && neighbour.occupancyPct !== null) this.occupancyPct.add(neighbour.occupancyPct, target.occupancyPct);
    if (target.speedKph !== null && neighbour.speedKph !== null) this.speedKph.add(neighbour.speedKph, target.speedKph);
  }
}

export class NeighbourRegression {
  // by target, then neighbour, with the three quantities' fits together: learn runs for every pair of good neighbours
  // in every step, and composed key strings, then a lookup per quantity, were hot spots of replay. A fit with no
  // observation predicts nothing, as a fit never made.
  private readonly fits = new Map<string, Map<string, PairFits>>();

  /** Learns from one interval in which both were good and measured: every quantity both have (not null). */
  learnAll(targetId: string, target: QuantityValues, neighbourId: string, neighbour: QuantityValues): void {
    this.pairFits(targetId, neighbourId).learn(target, neighbour);
  }

  /**
   * Median of the predictions from neighbours with a usable fit, taking the nearest tier that has any (callers pass
   * tiers nearest first: other lanes of the cross-section, then the link, then adjacent links). Null if none.
   */
  predict(quantity: ImputedQuantity, targetId: string, tiers: readonly (readonly NeighbourValue[])[]): number | null {
    const targetFits = this.fits.get(targetId);
    for (const tier of tiers) {
      const predictions: number[] = [];
      for (const n of tier) {
        const p = targetFits?.get(n.detectorId)?.[quantity].predict(n.value);
        if (p !== null && p !== undefined && Number.isFinite(p)) predictions.push(p);
      }
      const m = median(predictions);
      if (m !== null) return m;
    }
    return null;
  }

  /**
   * The pair's fits, made when first asked for, for a caller that learns the same pairs step after step and keeps
   * them (two map lookups per pair and step were a hot spot of replay).
   */
  pairFits(targetId: string, neighbourId: string): PairFits {
    let byNeighbour = this.fits.get(targetId);
    if (!byNeighbour) {
      byNeighbour = new Map();
      this.fits.set(targetId, byNeighbour);
    }
    let fits = byNeighbour.get(neighbourId);
    if (!fits) {
      fits = new PairFits();
      byNeighbour.set(neighbourId, fits);
    }
    return fits;
  }
}
