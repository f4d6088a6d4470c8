/**
 * Traffic estimates (docs/estimation.md): every value carries its provenance, so an imputed number never passes for a
 * measurement. `GET /api/links/{id}/estimate`; the same shapes feed the live `estimates` message and the processor's
 * estimation engine takes its types from here.
 */
import { Type, type Static } from '@sinclair/typebox';
import { EpochMs, IdParams, Nullable } from './common.schema';
import { DetectorDiagnosis, DetectorFault, DetectorWarning } from './quality.schema';

export const Provenance = Type.Union([Type.Literal('measured'), Type.Literal('estimated'), Type.Literal('imputed'), Type.Literal('missing')], {
  $id: 'arterial/api/v1/Provenance',
  title: 'Provenance',
  description: '`measured`; `estimated` (a model of measured inputs); `imputed` (filled in, or derived from something filled in); `missing`.',
});
export type Provenance = Static<typeof Provenance>;

const Method = Type.String({ description: 'The model or fill-in method that produced the value.' });

export const Quantity = Type.Union(
  [
    Type.Object({ value: Type.Number(), provenance: Type.Literal('measured') }, { additionalProperties: false }),
    Type.Object({ value: Type.Number(), provenance: Type.Literal('estimated'), method: Method }, { additionalProperties: false }),
    Type.Object({ value: Type.Number(), provenance: Type.Literal('imputed'), method: Method }, { additionalProperties: false }),
    Type.Object({ value: Type.Null(), provenance: Type.Literal('missing') }, { additionalProperties: false }),
  ],
  { $id: 'arterial/api/v1/Quantity', title: 'Quantity', description: 'A value with where it came from; `value` is null exactly when `provenance` is `missing`.' },
);
export type Quantity = Static<typeof Quantity>;

export const GbtLevel = Type.Union(
  [Type.Literal('smooth'), Type.Literal('basically-smooth'), Type.Literal('lightly-congested'), Type.Literal('moderately-congested'), Type.Literal('seriously-congested')],
  { $id: 'arterial/api/v1/GbtLevel', title: 'GB/T 33171 level', description: '畅通, 基本畅通, 轻度拥堵, 中度拥堵, 严重拥堵 (GB/T 33171-2016).' },
);
export type GbtLevel = Static<typeof GbtLevel>;

export const GbtRoadClass = Type.Union([Type.Literal('expressway'), Type.Literal('arterial'), Type.Literal('secondary-branch')], {
  $id: 'arterial/api/v1/GbtRoadClass',
  title: 'Road class',
  description: 'GB/T 33171-2016 road class, which sets the speed bounds of the link levels.',
});
export type GbtRoadClass = Static<typeof GbtRoadClass>;

export const SpeedSource = Type.Union(
  [Type.Literal('advance'), Type.Literal('stop-bar'), Type.Literal('zero-flow-free-flow'), Type.Literal('standing-queue'), Type.Literal('none')],
  { $id: 'arterial/api/v1/SpeedSource', title: 'Speed source', description: "Where a cross-section's speed came from: advance loops are preferred on signalised links." },
);
export type SpeedSource = Static<typeof SpeedSource>;

export const LinkEstimate = Type.Object(
  {
    linkId: Type.String(),
    district: Type.String({ description: 'District from the link\'s `district`/`area` property; `network` when it has none.' }),
    roadClass: GbtRoadClass,
    lengthM: Type.Number({ minimum: 0 }),
    flowVph: Quantity,
    occupancyPct: Quantity,
    speedKph: Quantity,
    speedSource: SpeedSource,
    densityVpkm: Quantity,
    travelTimeS: Quantity,
    freeFlowSpeedKph: Quantity,
    freeFlowTravelTimeS: Quantity,
    tti: Quantity,
    delayS: Quantity,
    level: Nullable(GbtLevel),
    levelZh: Nullable(Type.String()),
    levelProvenance: Provenance,
    notes: Type.Array(Type.String(), { description: 'Assumptions behind the estimate, e.g. `road-class-unknown-defaulted-to-arterial`.' }),
  },
  { $id: 'arterial/api/v1/LinkEstimate', title: 'Link estimate', description: "One link's estimate for one interval: flow, speed, travel time, TTI, delay and GB/T 33171 level." },
);
export type LinkEstimate = Static<typeof LinkEstimate>;

export const LinkParams = IdParams('Link');
export type LinkParams = Static<typeof LinkParams>;

export const LinkEstimateAnswer = Type.Object(
  {
    linkId: Type.String(),
    ts: Nullable(EpochMs('End of the estimated interval; null before the first estimation step')),
    estimate: Nullable(LinkEstimate),
  },
  { $id: 'arterial/api/v1/LinkEstimateAnswer', title: 'Latest link estimate', description: 'The latest estimate of a link in the network model.' },
);
export type LinkEstimateAnswer = Static<typeof LinkEstimateAnswer>;

export const SampleIssue = Type.Union(
  [Type.Literal('reported-failed'), Type.Literal('flow-occupancy-implausible'), Type.Literal('occupied-without-flow'), Type.Literal('stuck-on-like')],
  {
    $id: 'arterial/api/v1/SampleIssue',
    title: 'Sample issue',
    description:
      "What one interval's own checks found: `reported-failed` (the device said so), `flow-occupancy-implausible` (more vehicles than a lane carries at that occupancy), `occupied-without-flow` (occupancy with no vehicle counted: a standing vehicle, or a fault), `stuck-on-like` (near-full occupancy with no vehicle).",
  },
);
export type SampleIssue = Static<typeof SampleIssue>;

export const EffectiveLengthSource = Type.Union([Type.Literal('measured-speed'), Type.Literal('free-flow'), Type.Literal('default')], {
  $id: 'arterial/api/v1/EffectiveLengthSource',
  title: 'Effective vehicle length source',
  description: 'Where the per-detector effective vehicle length (speed from occupancy) came from.',
});
export type EffectiveLengthSource = Static<typeof EffectiveLengthSource>;

export const DetectorEstimate = Type.Object(
  {
    detectorId: Type.String(),
    linkId: Type.String(),
    approachId: Type.String(),
    placement: Type.Union([Type.Literal('stop-bar'), Type.Literal('advance')]),
    lane: Type.Integer({ minimum: 0 }),
    flowVph: Quantity,
    occupancyPct: Quantity,
    speedKph: Quantity,
    densityVpkm: Quantity,
    effectiveLengthM: Type.Number({ minimum: 0 }),
    effectiveLengthSource: EffectiveLengthSource,
    quality: Type.Object(
      {
        usedMeasurement: Type.Boolean({ description: "The interval's own values were used (received, fresh, plausible, detector not diagnosed faulty)." }),
        received: Type.Boolean(),
        sampleIssues: Type.Array(SampleIssue),
        status: DetectorDiagnosis.properties.status,
        score: Type.Number({ minimum: 0, maximum: 100 }),
        completeness: Type.Number({ minimum: 0, maximum: 1, description: 'Rolling completeness (received / expected intervals).' }),
        faults: Type.Array(DetectorFault),
        warnings: Type.Array(DetectorWarning),
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'arterial/api/v1/DetectorEstimate', title: 'Detector estimate', description: "One detector's estimate for one interval, with the quality behind it." },
);
export type DetectorEstimate = Static<typeof DetectorEstimate>;

export const ApproachEstimate = Type.Object(
  {
    approachId: Type.String(),
    intersectionId: Type.String(),
    linkId: Type.String(),
    flowVph: Quantity,
    occupancyPct: Quantity,
    speedKph: Quantity,
    speedSource: SpeedSource,
    densityVpkm: Quantity,
  },
  { $id: 'arterial/api/v1/ApproachEstimate', title: 'Approach estimate', description: "One approach's cross-section (its lanes' detectors together) for one interval." },
);
export type ApproachEstimate = Static<typeof ApproachEstimate>;

export const DetectorEstimateAnswer = Type.Object(
  {
    detectorId: Type.String(),
    ts: Nullable(EpochMs('End of the estimated interval; null before the first estimation step')),
    estimate: Nullable(DetectorEstimate),
  },
  { $id: 'arterial/api/v1/DetectorEstimateAnswer', title: 'Latest detector estimate', description: 'The latest estimate of a detector in the network model.' },
);
export type DetectorEstimateAnswer = Static<typeof DetectorEstimateAnswer>;

export const IntersectionEstimateAnswer = Type.Object(
  {
    intersectionId: Type.String(),
    ts: Nullable(EpochMs('End of the estimated interval; null before the first estimation step')),
    approaches: Type.Array(ApproachEstimate, { description: 'Every approach of the intersection that has detectors; empty before the first step.' }),
  },
  { $id: 'arterial/api/v1/IntersectionEstimateAnswer', title: 'Latest approach estimates of an intersection', description: "The latest estimate of each of an intersection's approaches." },
);
export type IntersectionEstimateAnswer = Static<typeof IntersectionEstimateAnswer>;
