/** `GET /api/detectors/{id}/series`. */
import { Type, type Static, type StaticDecode } from '@sinclair/typebox';
import { DetectorLive } from '../../live/v1/live.schema';
import { EpochMs, IdParams, Nullable, QueryTime } from './common.schema';

/** Most buckets one series answer may hold; more gives a 400 asking for a larger step. */
export const MAX_SERIES_POINTS = 10_000;

export const DetectorParams = IdParams('Detector');
export type DetectorParams = Static<typeof DetectorParams>;

export const DetectorSeriesQuery = Type.Object({
  from: Type.Optional(QueryTime('Start of the range, inclusive; default one hour before `to`')),
  to: Type.Optional(QueryTime('End of the range, exclusive; default now')),
  step: Type.Optional(
    Type.Integer({ minimum: 1, description: `Bucket length in seconds; default a round step giving about 360 buckets; at most ${MAX_SERIES_POINTS} buckets.` }),
  ),
});
/** The query as decoded by the server (times in epoch ms). */
export type DetectorSeriesQuery = StaticDecode<typeof DetectorSeriesQuery>;

export const DetectorSeriesPoint = Type.Object(
  {
    ts: EpochMs('Start of the bucket'),
    volume: Type.Integer({ minimum: 0, description: 'Vehicles counted in the bucket.' }),
    occupancyPct: Nullable(Type.Number({ minimum: 0, maximum: 100, description: 'Mean occupancy over the bucket, in percent.' })),
    speedKph: Nullable(Type.Number({ minimum: 0, description: 'Mean speed over the bucket, in km/h; null when no measurement had one.' })),
    samples: Type.Integer({ minimum: 1, description: 'Raw measurements in the bucket.' }),
  },
  { $id: 'arterial/api/v1/DetectorSeriesPoint', title: 'Series bucket', description: "One bucket of a detector's history." },
);
export type DetectorSeriesPoint = Static<typeof DetectorSeriesPoint>;

export const DetectorSeries = Type.Object(
  {
    detectorId: Type.String(),
    known: Type.Boolean({ description: 'Whether the detector is in the network model (history is answered either way).' }),
    from: EpochMs('Start of the range'),
    to: EpochMs('End of the range'),
    stepS: Type.Integer({ minimum: 1, description: 'Bucket length, in seconds.' }),
    live: Nullable(DetectorLive),
    points: Type.Array(DetectorSeriesPoint, { description: 'Buckets aligned to the epoch, ascending; empty buckets left out.' }),
  },
  { $id: 'arterial/api/v1/DetectorSeries', title: 'Detector series', description: 'History of one detector in buckets, with its live value.' },
);
export type DetectorSeries = Static<typeof DetectorSeries>;
