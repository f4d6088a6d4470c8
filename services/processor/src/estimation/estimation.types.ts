/**
 * What one estimation step produces. Shapes that go on the wire (link estimates, provenance, levels, diagnoses) are the
 * contract's types (`@arterial/contracts/api/v1`); detector, approach and area estimates stay internal until a route
 * or live message carries them (KPIs are the wire form of the area figures).
 */
import type { LinkEstimate, SpeedSource } from '@arterial/contracts/api/v1';
import type { DetectorDiagnosis } from '../quality/detector-diagnosis';
import type { SampleIssue } from '../quality/sample-checks';
import type { EffectiveLengthSource } from './effective-length.learner';
import type { GbtLevel } from './gbt-33171.levels';
import type { Provenance, Quantity } from './provenance';

export interface DetectorEstimate {
  readonly detectorId: string;
  readonly linkId: string;
  readonly approachId: string;
  readonly placement: 'stop-bar' | 'advance';
  readonly lane: number;
  readonly flowVph: Quantity;
  readonly occupancyPct: Quantity;
  readonly speedKph: Quantity;
  readonly densityVpkm: Quantity;
  readonly effectiveLengthM: number;
  readonly effectiveLengthSource: EffectiveLengthSource;
  readonly quality: {
    /** The interval's own values were used (received, fresh, plausible, detector not diagnosed faulty). */
    readonly usedMeasurement: boolean;
    readonly received: boolean;
    readonly sampleIssues: readonly SampleIssue[];
    readonly status: DetectorDiagnosis['status'];
    readonly score: number;
    /** Rolling completeness (received / expected intervals), 0–1. */
    readonly completeness: number;
    readonly faults: DetectorDiagnosis['faults'];
    readonly warnings: DetectorDiagnosis['warnings'];
  };
}

/** Where a cross-section's speed came from: advance detectors are preferred on signalised links (ALGORITHMS.md). */
export type { LinkEstimate, SpeedSource };

export interface CrossSectionEstimate {
  readonly flowVph: Quantity;
  readonly occupancyPct: Quantity;
  readonly speedKph: Quantity;
  readonly speedSource: SpeedSource;
}

export interface ApproachEstimate extends CrossSectionEstimate {
  readonly approachId: string;
  readonly intersectionId: string;
  readonly linkId: string;
  readonly densityVpkm: Quantity;
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
