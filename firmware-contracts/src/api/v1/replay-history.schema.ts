/**
 * Bulk history for replay: the stored estimates of every link (`GET /api/links/estimates`) and the stored signal
 * states of every junction (`GET /api/signal-states`) over one range, in buckets, each in a single request, so the
 * replay shows what the processor stored (and operators saw live) rather than re-deriving it in the browser.
 * Link estimates may also come from a replay run (`npm run replay` results, listed by `GET /api/replay-sources`).
 */
import { Type, type Static, type StaticDecode } from '@sinclair/typebox';
import { ControllerMode, ID_PATTERN } from '../../mqtt/v1/schemas';
import { EpochMs, QueryTime } from './common.schema';
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
