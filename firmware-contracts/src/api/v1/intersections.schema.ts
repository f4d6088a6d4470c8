/** `GET /api/intersections/{id}`. */
import { Type, type Static } from '@sinclair/typebox';
import { IntersectionLive } from '../../live/v1/live.schema';
import { FallbackPlan, IntersectionFeature, IntersectionProperties, PhaseDefinition } from '../../network/network.schema';
import { IdParams, Nullable } from './common.schema';

export const IntersectionParams = IdParams('Intersection');
export type IntersectionParams = Static<typeof IntersectionParams>;

const PhaseNo = IntersectionProperties.properties.sequence.items;

export const IntersectionDetail = Type.Object(
  {
    id: Type.String(),
    name: Type.String({ description: 'Name from the network model; the id for a controller that is not in it.' }),
    nameZh: Type.Optional(Type.String()),
    location: Nullable(IntersectionFeature.properties.geometry.properties.coordinates),
    phases: Type.Array(PhaseDefinition),
    sequence: Type.Array(PhaseNo, { description: 'Order in which the phases are served.' }),
    conflicts: Type.Array(Type.Tuple([PhaseNo, PhaseNo]), { description: 'Pairs of phases that must never be green together.' }),
    fallbackPlan: Nullable(FallbackPlan),
    live: Nullable(IntersectionLive),
  },
  {
    $id: 'arterial/api/v1/IntersectionDetail',
    title: 'Intersection',
    description: 'Static description from the network model plus the live signal state; empty lists and nulls for a controller that reports but is not in the model.',
  },
);
export type IntersectionDetail = Static<typeof IntersectionDetail>;
