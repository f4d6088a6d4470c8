/** Live-feed messages of estimation and the indicator centre: link changes and KPIs, once per estimation interval. */
import { Type, type Static } from '@sinclair/typebox';
import { GbtLevel, Provenance } from '../../api/v1/estimates.schema';
import { Kpi } from '../../api/v1/kpis.schema';

const EpochMs = (description: string) => Type.Integer({ description: `${description} (Unix epoch, milliseconds, UTC)` });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const LinkLive = Type.Object(
  {
    id: Type.String({ description: 'Link id.' }),
    level: Nullable(GbtLevel),
    tti: Nullable(Type.Number({ minimum: 1, description: 'Travel time index, rounded to 0.01.' })),
    speedKph: Nullable(Type.Number({ minimum: 0, description: 'Estimated speed, rounded to 0.1 km/h.' })),
    provenance: Provenance,
  },
  { $id: 'arterial/live/v1/LinkLive', title: 'Link, live', description: "A link's estimated level, TTI and speed, with the speed's provenance." },
);
export type LinkLive = Static<typeof LinkLive>;

export const EstimatesMessage = Type.Object(
  {
    type: Type.Literal('estimates'),
    serverTime: EpochMs("Centre's clock when the message was sent"),
    ts: EpochMs('End of the estimated interval'),
    links: Type.Array(LinkLive),
  },
  {
    $id: 'arterial/live/v1/EstimatesMessage',
    title: 'Estimates',
    description: 'Links whose level, TTI or speed changed in the latest estimation step; every link once when a client connects.',
  },
);
export type EstimatesMessage = Static<typeof EstimatesMessage>;

export const KpisMessage = Type.Object(
  {
    type: Type.Literal('kpis'),
    serverTime: EpochMs("Centre's clock when the message was sent"),
    ts: EpochMs('End of the interval'),
    kpis: Type.Array(Kpi, { description: 'The whole network first, then each district.' }),
  },
  { $id: 'arterial/live/v1/KpisMessage', title: 'KPIs', description: 'The latest network and district KPIs, once per estimation interval and when a client connects.' },
);
export type KpisMessage = Static<typeof KpisMessage>;
