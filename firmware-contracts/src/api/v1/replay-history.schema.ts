/**
 * Bulk history for replay: the stored estimates of every link (`GET /api/links/estimates`) and the stored signal
 * states of every junction (`GET /api/signal-states`) over one range, in buckets, each in a single request, so the
 * replay shows what the processor stored (and operators saw live) rather than re-deriving it in the browser.
 * Link estimates may also come from a replay run (`npm run replay` results, listed by `GET /api/replay-sources`).
 * Controller statuses of every junction (`GET /api/controller-status`) and a detector's stored forecasts at one horizon
 * (`GET /api/detectors/{id}/predictions`) complete what the panels show in replay.
 */
import { Type, type Static, type StaticDecode } from '@sinclair/typebox';
import { ControllerMode, ID_PATTERN } from '../../mqtt/v1/schemas';
import { EpochMs, Nullable, QueryTime } from './common.schema';
import { PredictedValue } from './predictions.schema';
import { LinkEstimatePoint } from './quality-history.schema';

/** Most (entity × bucket) cells one bulk answer may hold: a few MB of JSON; ask a larger step for more. */
export const MAX_BULK_HISTORY_CELLS = 250_000;

const bulkRange = {
  from: Type.Optional(QueryTime('Start of the range, inclusive; default one hour before `to`')),
  to: Type.Optional(QueryTime('End of the range, exclusive; default now')),
  step: Type.Optional(
    Type.Integer({
      minimum: 1,
      description: `Bucket length in seconds; default a round step giving about 360 buckets. Entities in the network × buckets must stay within ${MAX_BULK_HISTORY_CELLS}.`,
    }),
  ),
};

export const BulkHistoryQuery = Type.Object(bulkRange);
/** The query as decoded by the server (times in epoch ms). */
export type BulkHistoryQuery = StaticDecode<typeof BulkHistoryQuery>;

export const LinkEstimateHistoryQuery = Type.Object({
  ...bulkRange,
  source: Type.Optional(
    Type.String({
      pattern: ID_PATTERN,
      description: 'A replay run to read instead of the recorded history: one of the names `GET /api/replay-sources` lists (anything else is refused).',
    }),
  ),
});
export type LinkEstimateHistoryQuery = StaticDecode<typeof LinkEstimateHistoryQuery>;

export const ReplaySourceList = Type.Object(
  {
    sources: Type.Array(Type.String(), { description: 'Databases of `npm run replay` runs beside the recorded history (`<INFLUX_DB>_replay…`), by name.' }),
  },
  { $id: 'arterial/api/v1/ReplaySourceList', title: 'Replay runs', description: 'Result sets of replay runs that replay mode can show instead of the recorded estimates.' },
);
export type ReplaySourceList = Static<typeof ReplaySourceList>;

export const LinkEstimateHistory = Type.Object(
  {
    from: EpochMs('Start of the range'),
    to: EpochMs('End of the range'),
    stepS: Type.Integer({ minimum: 1, description: 'Bucket length, in seconds.' }),
    links: Type.Array(
      Type.Object({
        linkId: Type.String(),
        points: Type.Array(LinkEstimatePoint, { description: 'Buckets aligned to the epoch, ascending; empty buckets left out.' }),
      }),
      { description: 'Links with at least one stored estimate in the range, by id.' },
    ),
  },
  { $id: 'arterial/api/v1/LinkEstimateHistory', title: 'Link estimate history, all links', description: 'Stored estimates of every link in buckets, as `GET /api/links/{id}/estimates` gives one.' },
);
export type LinkEstimateHistory = Static<typeof LinkEstimateHistory>;

export const SignalStateBucket = Type.Object(
  {
    ts: EpochMs('Start of the bucket'),
    mode: ControllerMode,
    planId: Type.String(),
    cycleS: Type.Number({ minimum: 0 }),
    cycleSecond: Type.Number({ minimum: 0, description: 'Position in the cycle at the last state of the bucket.' }),
    greenPhases: Type.Array(Type.Integer({ minimum: 1 }), { description: 'Phases green at the last state of the bucket (yellow is not stored).' }),
  },
  { $id: 'arterial/api/v1/SignalStateBucket', title: 'Signal state bucket', description: 'The last signal state a controller reported in one bucket.' },
);
export type SignalStateBucket = Static<typeof SignalStateBucket>;

export const SignalStateHistory = Type.Object(
  {
    from: EpochMs('Start of the range'),
    to: EpochMs('End of the range'),
    stepS: Type.Integer({ minimum: 1, description: 'Bucket length, in seconds.' }),
    intersections: Type.Array(
      Type.Object({
        intersectionId: Type.String(),
        points: Type.Array(SignalStateBucket, { description: 'Buckets aligned to the epoch, ascending; buckets without a state left out.' }),
      }),
      { description: 'Controllers with at least one stored state in the range, by id.' },
    ),
  },
  { $id: 'arterial/api/v1/SignalStateHistory', title: 'Signal state history, all junctions', description: 'Stored controller states of every junction, the last of each bucket.' },
);
export type SignalStateHistory = Static<typeof SignalStateHistory>;

export const ControllerStatusBucket = Type.Object(
  {
    ts: EpochMs('Start of the bucket; for `before`, when that status was produced'),
    online: Type.Boolean(),
    firmware: Type.String(),
    faults: Type.Array(Type.String(), { description: 'Active fault codes; empty when healthy.' }),
  },
  { $id: 'arterial/api/v1/ControllerStatusBucket', title: 'Controller status bucket', description: 'The last status a controller reported in one bucket.' },
);
export type ControllerStatusBucket = Static<typeof ControllerStatusBucket>;

export const ControllerStatusHistory = Type.Object(
  {
    from: EpochMs('Start of the range'),
    to: EpochMs('End of the range'),
    stepS: Type.Integer({ minimum: 1, description: 'Bucket length, in seconds.' }),
    intersections: Type.Array(
      Type.Object({
        intersectionId: Type.String(),
        before: Type.Union([ControllerStatusBucket, Type.Null()], {
          description: 'The last status reported in the 7 days before `from` (controllers report status on change, so it may hold at `from`); null if none.',
        }),
        points: Type.Array(ControllerStatusBucket, { description: 'Buckets aligned to the epoch, ascending; buckets without a status left out.' }),
      }),
      { description: 'Controllers with a stored status in the range or the 7 days before it, by id.' },
    ),
  },
  { $id: 'arterial/api/v1/ControllerStatusHistory', title: 'Controller status history, all junctions', description: 'Stored controller statuses (online, firmware, faults) of every junction, the last of each bucket.' },
);
export type ControllerStatusHistory = Static<typeof ControllerStatusHistory>;

/** Longest range of issue times one stored-prediction answer covers. */
export const MAX_PREDICTION_HISTORY_MS = 6 * 3_600_000;

export const DetectorPredictionHistoryQuery = Type.Object({
  from: Type.Optional(QueryTime('Start of the range of issue times, inclusive; default one hour before `to`')),
  to: Type.Optional(QueryTime('End of the range of issue times, exclusive; default now')),
  horizon: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440, default: 15, description: 'Minutes ahead (the processor stores 5, 15, 30 and 60); default 15.' })),
});
export type DetectorPredictionHistoryQuery = StaticDecode<typeof DetectorPredictionHistoryQuery>;

export const StoredDetectorForecast = Type.Object(
  {
    issuedAt: EpochMs('When the forecast was made (end of the interval it starts from)'),
    targetTs: EpochMs('End of the forecast interval: `issuedAt` + the horizon'),
    flowVph: Nullable(PredictedValue),
    speedKph: Nullable(PredictedValue),
    occupancyPct: Nullable(PredictedValue),
  },
  { $id: 'arterial/api/v1/StoredDetectorForecast', title: 'Stored detector forecast', description: 'One stored forecast of a detector at one horizon; null where that value was not forecast.' },
);
export type StoredDetectorForecast = Static<typeof StoredDetectorForecast>;

export const DetectorPredictionHistory = Type.Object(
  {
    detectorId: Type.String(),
    from: EpochMs('Start of the range of issue times'),
    to: EpochMs('End of the range of issue times'),
    horizonMin: Type.Integer({ minimum: 1 }),
    forecasts: Type.Array(StoredDetectorForecast, { description: 'By issue time, ascending.' }),
  },
  {
    $id: 'arterial/api/v1/DetectorPredictionHistory',
    title: 'Stored predictions of a detector',
    description: 'Forecasts the processor made for one detector at one horizon and stored, over a range of issue times: what replay draws.',
  },
);
export type DetectorPredictionHistory = Static<typeof DetectorPredictionHistory>;
