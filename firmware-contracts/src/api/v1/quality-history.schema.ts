/**
 * Stored history of estimation results: the daily quality report of every detector (`GET /api/quality/daily`, the
 * indicator centre's heat map) and a link's stored estimates in buckets (`GET /api/links/{id}/estimates`, replay).
 */
import { Type, type Static, type StaticDecode } from '@sinclair/typebox';
import { ID_PATTERN } from '../../mqtt/v1/schemas';
import { EpochMs, Nullable, QueryTime } from './common.schema';
import { MAX_SERIES_POINTS } from './detectors.schema';
import { GbtLevel } from './estimates.schema';
import { DetectorDiagnosis, DetectorFault, DetectorWarning } from './quality.schema';

/** Most local days one daily-quality answer may span (a quarter). */
export const MAX_QUALITY_DAYS = 92;
/** Days answered when the query gives no `from`. */
export const DEFAULT_QUALITY_DAYS = 14;

export const LocalDay = (description: string) => Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: `${description} (YYYY-MM-DD, the city's local calendar).` });

export const DailyQualityQuery = Type.Object({
  from: Type.Optional(LocalDay(`First local day, inclusive; default ${DEFAULT_QUALITY_DAYS - 1} days before \`to\``)),
  to: Type.Optional(LocalDay('Last local day, inclusive; default today')),
  detector: Type.Optional(Type.String({ pattern: ID_PATTERN, description: 'Only this detector.' })),
});
export type DailyQualityQuery = Static<typeof DailyQualityQuery>;

export const DetectorQualityDay = Type.Object(
  {
    day: LocalDay('Local day of the report'),
    score: DetectorDiagnosis.properties.score,
    completeness: DetectorDiagnosis.properties.completeness,
    status: DetectorDiagnosis.properties.status,
    faults: Type.Array(DetectorFault),
    warnings: Type.Array(DetectorWarning),
  },
  {
    $id: 'arterial/api/v1/DetectorQualityDay',
    title: 'Daily quality report',
    description: "A detector's diagnosis over one whole local day: what `GET /api/detectors/{id}/quality` gave as `daily` at the day's end.",
  },
);
export type DetectorQualityDay = Static<typeof DetectorQualityDay>;

export const DailyQualityAnswer = Type.Object(
  {
    days: Type.Array(LocalDay('A day of the range'), { description: 'Every local day of the range, oldest first.' }),
    detectors: Type.Array(
      Type.Object({
        detectorId: Type.String(),
        days: Type.Array(DetectorQualityDay, { description: 'Oldest first; a day without a report (no data, processor not running) is absent.' }),
      }),
      { description: 'Detectors with at least one report in the range, by id.' },
    ),
  },
  {
    $id: 'arterial/api/v1/DailyQualityAnswer',
    title: 'Daily quality history',
    description: "Detectors' daily quality reports over a range of local days: stored reports of finished days, and today's report so far.",
  },
);
export type DailyQualityAnswer = Static<typeof DailyQualityAnswer>;

export const LinkEstimatesQuery = Type.Object({
  from: Type.Optional(QueryTime('Start of the range, inclusive; default one hour before `to`')),
  to: Type.Optional(QueryTime('End of the range, exclusive; default now')),
  step: Type.Optional(
    Type.Integer({ minimum: 1, description: `Bucket length in seconds; default a round step giving about 360 buckets; at most ${MAX_SERIES_POINTS} buckets.` }),
  ),
});
/** The query as decoded by the server (times in epoch ms). */
export type LinkEstimatesQuery = StaticDecode<typeof LinkEstimatesQuery>;

export const LinkEstimatePoint = Type.Object(
  {
    ts: EpochMs('Start of the bucket'),
    level: Nullable(GbtLevel),
    tti: Nullable(Type.Number({ minimum: 1, description: "Mean of the intervals' TTI." })),
    speedKph: Nullable(Type.Number({ minimum: 0, description: "Mean of the intervals' speed, km/h." })),
    flowVph: Nullable(Type.Number({ minimum: 0, description: "Mean of the intervals' flow, veh/h." })),
    samples: Type.Integer({ minimum: 1, description: 'Estimation intervals in the bucket.' }),
  },
  {
    $id: 'arterial/api/v1/LinkEstimatePoint',
    title: 'Link estimate bucket',
    description: "One bucket of a link's stored estimates; `level` is the last graded interval's level (levels are not averaged). A figure is null when no interval had it.",
  },
);
export type LinkEstimatePoint = Static<typeof LinkEstimatePoint>;

export const LinkEstimateSeries = Type.Object(
  {
    linkId: Type.String(),
    from: EpochMs('Start of the range'),
    to: EpochMs('End of the range'),
    stepS: Type.Integer({ minimum: 1, description: 'Bucket length, in seconds.' }),
    points: Type.Array(LinkEstimatePoint, { description: 'Buckets aligned to the epoch, ascending; empty buckets left out.' }),
  },
  { $id: 'arterial/api/v1/LinkEstimateSeries', title: 'Link estimate history', description: "A link's stored estimates in buckets." },
);
export type LinkEstimateSeries = Static<typeof LinkEstimateSeries>;
