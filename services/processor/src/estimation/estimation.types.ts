/**
 * What one estimation step produces. Shapes that go on the wire (link estimates, provenance, levels, diagnoses) are the
 * contract's types (`@arterial/contracts/api/v1`: links, detectors and approaches have REST routes); area estimates stay
 * internal (KPIs are their wire form).
 */
import type { ApproachEstimate, DetectorEstimate, LinkEstimate, SpeedSource } from '@arterial/contracts/api/v1';
import type { GbtLevel } from './gbt-33171.levels';
import type { Provenance, Quantity } from './provenance';

/** Where a cross-section's speed came from: advance detectors are preferred on signalised links (ALGORITHMS.md). */
export type { ApproachEstimate, DetectorEstimate, LinkEstimate, SpeedSource };

export interface CrossSectionEstimate {
  readonly flowVph: Quantity;
  readonly occupancyPct: Quantity;
  readonly speedKph: Quantity;
  readonly speedSource: SpeedSource;
}

/** A district's (or the whole network's) index. */
export interface AreaEstimate {
  readonly areaId: string;
  /** GB/T 33171-2016 road network traffic performance index, 0–10; null with no graded link. */
  readonly index: number | null;
  readonly level: GbtLevel | null;
  readonly levelZh: string | null;
  /** Share (%) of the weight (VKT) on links at or worse than the congested-mileage level. */
  readonly congestedSharePct: number | null;
  /** Vehicle-km per hour on graded links. */
  readonly vktVehKmPerH: number;
  /** VKT-weighted travel time index. */
  readonly tti: number | null;
  readonly linksGraded: number;
  readonly linksTotal: number;
  /** Share of the weight resting on links whose speed or flow is imputed. */
  readonly imputedWeightShare: number;
  readonly provenance: Provenance;
  readonly weighting: 'vkt' | 'length';
}

export interface IntervalEstimates {
  readonly tsMs: number;
  readonly detectors: readonly DetectorEstimate[];
  readonly approaches: readonly ApproachEstimate[];
  readonly links: readonly LinkEstimate[];
  readonly areas: readonly AreaEstimate[];
}
