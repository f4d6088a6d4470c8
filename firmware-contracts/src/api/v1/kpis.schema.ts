/**
 * Indicator centre: network and district KPIs, computed every estimation interval (one minute) and stored.
 * `GET /api/kpis` answers stored buckets; the live `kpis` message carries the latest interval's `Kpi` per area.
 */
import { Type, type Static, type StaticDecode } from '@sinclair/typebox';
import { ID_PATTERN } from '../../mqtt/v1/schemas';
import { EpochMs, Nullable, QueryTime } from './common.schema';
import { GbtLevel } from './estimates.schema';

/** Most buckets one KPI answer may hold; more gives a 400 asking for a larger step. */
export const MAX_KPI_POINTS = 10_000;

/** The whole network's area id; districts use their own ids from the network model. */
export const NETWORK_AREA_ID = 'network';

export const Kpi = Type.Object(
  {
    areaId: Type.String({ description: '`network` for the whole network, else a district id from the network model.' }),
    ts: EpochMs('End of the interval'),
    intervalS: Type.Integer({ minimum: 1, description: 'Length of the interval the KPIs describe, in seconds.' }),
    meanSpeedKph: Nullable(Type.Number({ minimum: 0, description: 'Space-mean speed: vehicle-km travelled / vehicle-hours travelled (length-weighted when no vehicle moves); null with no link speed.' })),
    tti: Nullable(Type.Number({ minimum: 1, description: 'VKT-weighted travel time index.' })),
    index: Nullable(Type.Number({ minimum: 0, maximum: 10, description: 'GB/T 33171-2016 road network traffic performance index, 0–10.' })),
    level: Nullable(GbtLevel),
    delayVehH: Type.Number({ minimum: 0, description: 'Vehicle-hours of delay during the interval (flow × interval × delay per vehicle, summed over links).' }),
    congestedLinkKm: Type.Number({ minimum: 0, description: 'Length of the links at the congested level (严重拥堵), in km.' }),
    detectorCompleteness: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'Mean rolling completeness of the area\'s detectors (received / expected intervals).' })),
    meanQualityScore: Nullable(Type.Number({ minimum: 0, maximum: 100, description: "Mean rolling quality score of the area's detectors." })),
    linksGraded: Type.Integer({ minimum: 0 }),
    linksTotal: Type.Integer({ minimum: 0 }),
    detectors: Type.Integer({ minimum: 0, description: 'Detectors in the area.' }),
  },
  { $id: 'arterial/api/v1/Kpi', title: 'KPIs', description: "One area's indicators for one interval." },
);
export type Kpi = Static<typeof Kpi>;

export const KpisQuery = Type.Object({
  from: Type.Optional(QueryTime('Start of the range, inclusive; default 24 hours before `to`')),
  to: Type.Optional(QueryTime('End of the range, exclusive; default now')),
  step: Type.Optional(Type.Integer({ minimum: 60, description: `Bucket length in seconds (at least one KPI interval); default 300; at most ${MAX_KPI_POINTS} buckets.` })),
  area: Type.Optional(Type.String({ pattern: ID_PATTERN, description: '`network` (default) or a district id.' })),
});
/** The query as decoded by the server (times in epoch ms). */
export type KpisQuery = StaticDecode<typeof KpisQuery>;

export const KpiPoint = Type.Object(
  {
    ts: EpochMs('Start of the bucket'),
    meanSpeedKph: Nullable(Type.Number({ minimum: 0, description: 'Mean of the intervals\' mean speeds.' })),
    tti: Nullable(Type.Number({ minimum: 1, description: "Mean of the intervals' TTI." })),
    index: Nullable(Type.Number({ minimum: 0, maximum: 10, description: "Mean of the intervals' GB/T 33171 index." })),
    delayVehH: Type.Number({ minimum: 0, description: 'Vehicle-hours of delay in the bucket (sum over its intervals).' }),
    congestedLinkKm: Type.Number({ minimum: 0, description: 'Mean congested link-km over the bucket.' }),
    detectorCompleteness: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
    meanQualityScore: Nullable(Type.Number({ minimum: 0, maximum: 100 })),
    samples: Type.Integer({ minimum: 1, description: 'KPI intervals in the bucket.' }),
  },
  { $id: 'arterial/api/v1/KpiPoint', title: 'KPI bucket', description: "One bucket of an area's stored KPIs." },
);
export type KpiPoint = Static<typeof KpiPoint>;

export const KpiSeries = Type.Object(
  {
    areaId: Type.String(),
    from: EpochMs('Start of the range'),
    to: EpochMs('End of the range'),
    stepS: Type.Integer({ minimum: 1 }),
    points: Type.Array(KpiPoint, { description: 'Buckets aligned to the epoch, ascending; empty buckets left out.' }),
  },
  { $id: 'arterial/api/v1/KpiSeries', title: 'KPI history', description: "An area's stored KPIs in buckets." },
);
export type KpiSeries = Static<typeof KpiSeries>;
