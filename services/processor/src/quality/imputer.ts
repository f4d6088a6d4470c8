/**
 * Fills a detector's bad or missing interval: from neighbours by regression, else from the time-of-day median, else
 * leaves it missing (Chen, Kwon, Skabardonis & Varaiya 2003, TRR 1855). Every value it returns is labelled `imputed`
 * with its method; it never returns `measured` or `estimated`, so imputation cannot pass for data.
 */
import type { NetworkLookup } from '../estimation/network-lookup';
import { MISSING, imputed, type Quantity } from '../estimation/provenance';
import type { ImputedQuantity, NeighbourRegression, NeighbourValue } from './neighbour-regression';
import type { TimeOfDayProfile } from './time-of-day-profile';

export const IMPUTATION_METHOD = { neighbours: 'neighbour-regression', timeOfDay: 'time-of-day-median' } as const;

/** A detector's values in an interval in which it was judged good. Only measurements: never imputed or estimated ones. */
export interface GoodMeasurement {
  readonly flowVph: number;
  readonly occupancyPct: number;
  /** Present when the detector measured speed and at least one vehicle passed. */
  readonly speedKph: number | null;
}

export interface ImputedInterval {
  readonly flowVph: Quantity;
  readonly occupancyPct: Quantity;
  readonly speedKph: Quantity;
}

const QUANTITIES: readonly ImputedQuantity[] = ['flowVph', 'occupancyPct', 'speedKph'];
const UPPER: Record<ImputedQuantity, number> = { flowVph: Number.POSITIVE_INFINITY, occupancyPct: 100, speedKph: 250 };

function valueOf(m: GoodMeasurement, q: ImputedQuantity): number | null {
  return q === 'speedKph' ? m.speedKph : m[q];
}

export class Imputer {
  constructor(
    private readonly lookup: NetworkLookup,
    private readonly regression: NeighbourRegression,
    private readonly profile: TimeOfDayProfile,
  ) {}

  /** Learns from one interval's good measurements: pair regressions and time-of-day profiles. */
  learn(good: ReadonlyMap<string, GoodMeasurement>, midMs: number): void {
    for (const [id, m] of good) {
      for (const q of QUANTITIES) {
        const y = valueOf(m, q);
        if (y !== null) this.profile.learn(id, q, midMs, y);
      }
      // each neighbour looked up once for all quantities (every pair's fit is its own, so the order does not matter)
      for (const n of this.lookup.neighboursOf(id)) {
        const other = good.get(n.detectorId);
        if (other) this.regression.learnAll(id, m, n.detectorId, other);
      }
    }
  }

  impute(detectorId: string, good: ReadonlyMap<string, GoodMeasurement>, midMs: number): ImputedInterval {
    const tiers = new Map<string, NeighbourValue[][]>();
    const neighbours = this.lookup.neighboursOf(detectorId);
    const relations = ['same-section', 'same-link', 'adjacent-link'] as const;
    const one = (q: ImputedQuantity): Quantity => {
      let list = tiers.get(q);
      if (!list) {
        list = relations.map((rel) =>
          neighbours.flatMap((n) => {
            const m = n.relation === rel ? good.get(n.detectorId) : undefined;
            const v = m ? valueOf(m, q) : null;
            return v === null ? [] : [{ detectorId: n.detectorId, value: v }];
          }),
        );
        tiers.set(q, list);
      }
      const fromNeighbours = this.regression.predict(q, detectorId, list);
      if (fromNeighbours !== null) return imputed(clamp(fromNeighbours, UPPER[q]), IMPUTATION_METHOD.neighbours);
      const fromProfile = this.profile.predict(detectorId, q, midMs);
      if (fromProfile !== null) return imputed(clamp(fromProfile, UPPER[q]), IMPUTATION_METHOD.timeOfDay);
      return MISSING;
    };
    return { flowVph: one('flowVph'), occupancyPct: one('occupancyPct'), speedKph: one('speedKph') };
  }
}

function clamp(x: number, upper: number): number {
  return Math.min(upper, Math.max(0, x));
}
