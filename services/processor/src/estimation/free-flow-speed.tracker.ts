/**
 * A link's free-flow speed: the 85th percentile of its observed speeds in light traffic (ALGORITHMS.md; the usual TTI
 * reference, e.g. Texas A&M Urban Mobility Report), kept by a P² streaming quantile. Until enough light-traffic
 * intervals have been seen, the posted speed limit stands in, labelled as that prior.
 */
import { P2QuantileEstimator } from './p2-quantile.estimator';
import { estimated, type Quantity } from './provenance';

export const FREE_FLOW_QUANTILE = 0.85;
/** Light-traffic intervals needed before the observed percentile replaces the speed-limit prior. */
export const FREE_FLOW_MIN_SAMPLES = 30;
/** Occupancy (%) at or below which a link is in light traffic: well under the ~15–20 % of critical occupancy. */
export const LIGHT_TRAFFIC_OCCUPANCY_PCT = 10;

export const FREE_FLOW_METHOD = { observed: 'p85-light-traffic', prior: 'speed-limit-prior' } as const;

export class FreeFlowSpeedTracker {
  private readonly p85 = new P2QuantileEstimator(FREE_FLOW_QUANTILE);

  constructor(
    private readonly speedLimitKph: number,
    private readonly minSamples = FREE_FLOW_MIN_SAMPLES,
  ) {}

  /** Offers an interval's link speed; it is kept only in light traffic. Returns whether it was kept. */
  observe(speedKph: number, occupancyPct: number): boolean {
    if (occupancyPct > LIGHT_TRAFFIC_OCCUPANCY_PCT || !(speedKph > 0)) return false;
    this.p85.add(speedKph);
    return true;
  }

  current(): Quantity {
    const v = this.p85.value();
    if (v !== null && this.p85.count >= this.minSamples) return estimated(v, FREE_FLOW_METHOD.observed);
    return estimated(this.speedLimitKph, FREE_FLOW_METHOD.prior);
  }
}
