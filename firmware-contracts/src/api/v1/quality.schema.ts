/**
 * Detector data quality (docs/estimation.md, after Chen et al. 2003): the rolling diagnosis the estimator acts on and
 * the daily report. `GET /api/detectors/{id}/quality`; the processor's quality code takes its types from here.
 */
import { Type, type Static } from '@sinclair/typebox';
import { EpochMs, Nullable } from './common.schema';

export const DetectorFault = Type.Union(
  [Type.Literal('dead'), Type.Literal('stuck-on'), Type.Literal('constant'), Type.Literal('chattering'), Type.Literal('reported-failed')],
  { $id: 'arterial/api/v1/DetectorFault', title: 'Detector fault', description: 'A diagnosis that makes the data unusable.' },
);
export type DetectorFault = Static<typeof DetectorFault>;

export const DetectorWarning = Type.Union(
  [Type.Literal('occupancy-without-flow'), Type.Literal('low-completeness'), Type.Literal('neighbour-disagreement'), Type.Literal('insufficient-data')],
  { $id: 'arterial/api/v1/DetectorWarning', title: 'Detector warning', description: 'A diagnosis that leaves the data usable with care.' },
);
export type DetectorWarning = Static<typeof DetectorWarning>;

export const DetectorDiagnosis = Type.Object(
  {
    status: Type.Union([Type.Literal('good'), Type.Literal('suspect'), Type.Literal('bad')]),
    faults: Type.Array(DetectorFault),
    warnings: Type.Array(DetectorWarning),
    score: Type.Number({ minimum: 0, maximum: 100, description: '100 × completeness × usable share × warning factors; 0 with any fault.' }),
    completeness: Type.Number({ minimum: 0, maximum: 1, description: 'Intervals received / intervals expected.' }),
    stats: Type.Object({
      received: Type.Integer({ minimum: 0 }),
      expected: Type.Integer({ minimum: 0 }),
      daytimeSamples: Type.Integer({ minimum: 0, description: 'Samples between 05:00 and 22:00 local time.' }),
      zeroOccupancyShare: Type.Number({ minimum: 0, maximum: 1 }),
      occupancyWithoutFlowShare: Type.Number({ minimum: 0, maximum: 1 }),
      stuckOnShare: Type.Number({ minimum: 0, maximum: 1 }),
      implausibleShare: Type.Number({ minimum: 0, maximum: 1 }),
      usableShare: Type.Number({ minimum: 0, maximum: 1 }),
      occupancyEntropyBits: Type.Number({ minimum: 0 }),
    }),
  },
  { $id: 'arterial/api/v1/DetectorDiagnosis', title: 'Detector diagnosis', description: "A detector's faults, warnings and 0–100 quality score over a window." },
);
export type DetectorDiagnosis = Static<typeof DetectorDiagnosis>;

export const DetectorQuality = Type.Object(
  {
    detectorId: Type.String(),
    ts: Nullable(EpochMs('Time of the estimation step that made the rolling diagnosis; null before the first step')),
    rolling: Nullable(DetectorDiagnosis),
    daily: Type.Object(
      { day: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'Local day (YYYY-MM-DD) of the report.' }), diagnosis: DetectorDiagnosis },
      { description: "Today's report so far (the whole local day)." },
    ),
  },
  {
    $id: 'arterial/api/v1/DetectorQuality',
    title: 'Detector quality',
    description: 'The rolling diagnosis the estimator uses (6 h window) and the daily diagnosis of the running local day.',
  },
);
export type DetectorQuality = Static<typeof DetectorQuality>;
