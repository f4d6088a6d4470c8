/**
 * Fills a detector's bad or missing interval: from neighbours by regression, else from the time-of-day median, else
 * leaves it missing (Chen, Kwon, Skabardonis & Varaiya 2003, TRR 1855). Every value it returns is labelled `imputed`
 * with its method; it never returns `measured` or `estimated`, so imputation cannot pass for data.
 */
import type { Neighbour, NetworkLookup } from '../estimation/network-lookup';
import { MISSING, imputed, type Quantity } from '../estimation/provenance';
import type { ImputedQuantity, NeighbourRegression, NeighbourValue, PairFits } from './neighbour-regression';
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

const UPPER: Record<ImputedQuantity, number> = { flowVph: Number.POSITIVE_INFINITY, occupancyPct: 100, speedKph: 250 };

function valueOf(m: GoodMeasurement, q: ImputedQuantity): number | null {
  return q === 'speedKph' ? m.speedKph : m[q];
}

/**
 * A detector's slot (its index in `Imputer.goodBySlot`), its neighbours and, at the same index, their slots and the
 * fits of the pairs it forms with them.
 */
interface NeighbourPairs {
  readonly slot: number;
  readonly neighbours: readonly Neighbour[];
  readonly neighbourSlots: readonly number[];
  readonly fits: readonly PairFits[];
}

export class Imputer {
  // learn runs for every good detector in every step: the pairs' fits kept here spare two map lookups per pair, and
  // the step's good measurements placed by slot spare a lookup by id per neighbour
  private readonly pairs = new Map<string, NeighbourPairs>();
  private readonly slots = new Map<string, number>();
  private readonly goodBySlot: (GoodMeasurement | undefined)[] = [];
  private readonly learning: NeighbourPairs[] = [];

  constructor(
    private readonly lookup: NetworkLookup,
    private readonly regression: NeighbourRegression,
    private readonly profile: TimeOfDayProfile,
  ) {}

  /** Learns from one interval's good measurements: pair regressions and time-of-day profiles. */
  learn(good: ReadonlyMap<string, GoodMeasurement>, midMs: number): void {
    const learning = this.learning;
    learning.length = 0;
    for (const [id, m] of good) {
      this.profile.learnAll(id, m, midMs);
      const pairs = this.pairsOf(id);
      this.goodBySlot[pairs.slot] = m;
      learning.push(pairs);
    }
    // every pair's fit is its own, so the order does not matter
    for (const pairs of learning) {
      const m = this.goodBySlot[pairs.slot]!;
      for (let i = 0; i < pairs.fits.length; i++) {
        const other = this.goodBySlot[pairs.neighbourSlots[i]!];
        if (other) pairs.fits[i]!.learn(m, other);
      }
    }
    for (const pairs of learning) this.goodBySlot[pairs.slot] = undefined;
    learning.length = 0;
  }

  /** The detector's neighbours with their pair fits, looked up again only when the lookup's list is another one. */
  private pairsOf(detectorId: string): NeighbourPairs {
    const neighbours = this.lookup.neighboursOf(detectorId);
    let pairs = this.pairs.get(detectorId);
    if (pairs?.neighbours !== neighbours) {
      pairs = {
        slot: this.slotOf(detectorId),
        neighbours,
        neighbourSlots: neighbours.map((n) => this.slotOf(n.detectorId)),
        fits: neighbours.map((n) => this.regression.pairFits(detectorId, n.detectorId)),
      };
      this.pairs.set(detectorId, pairs);
    }
    return pairs;
  }

  private slotOf(detectorId: string): number {
    let slot = this.slots.get(detectorId);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(detectorId, slot);
      this.goodBySlot.push(undefined);
    }
    return slot;
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
