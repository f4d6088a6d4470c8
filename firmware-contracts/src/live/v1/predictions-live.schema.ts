/** Live-feed message of prediction: the links' predicted GB/T 33171 levels per horizon, once per prediction step. */
import { Type, type Static } from '@sinclair/typebox';
import { GbtLevel } from '../../api/v1/estimates.schema';

const EpochMs = (description: string) => Type.Integer({ description: `${description} (Unix epoch, milliseconds, UTC)` });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const LinkLevelForecastLive = Type.Object(
  {
    horizonMin: Type.Integer({ minimum: 1, description: 'Minutes ahead of `ts`.' }),
    level: Nullable(GbtLevel),
    confidence: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'Probability that the link is at this level or worse, rounded to 0.05 (finer changes are noise on a map).' })),
  },
  { $id: 'arterial/live/v1/LinkLevelForecastLive', title: 'Link level forecast, live', description: 'Predicted level of a link at one horizon; null without a speed forecast.' },
);
export type LinkLevelForecastLive = Static<typeof LinkLevelForecastLive>;

export const LinkPredictionLive = Type.Object(
  { id: Type.String({ description: 'Link id.' }), horizons: Type.Array(LinkLevelForecastLive, { description: 'Ascending horizons.' }) },
  { $id: 'arterial/live/v1/LinkPredictionLive', title: 'Link prediction, live', description: "A link's predicted levels at every horizon." },
);
export type LinkPredictionLive = Static<typeof LinkPredictionLive>;

export const PredictionsMessage = Type.Object(
  {
    type: Type.Literal('predictions'),
    serverTime: EpochMs("Centre's clock when the message was sent"),
    ts: EpochMs('End of the interval the forecasts start from'),
    links: Type.Array(LinkPredictionLive),
  },
  {
    $id: 'arterial/live/v1/PredictionsMessage',
    title: 'Predictions',
    description: 'Links whose predicted level or confidence changed in the latest prediction step; every link once when a client connects.',
  },
);
export type PredictionsMessage = Static<typeof PredictionsMessage>;
