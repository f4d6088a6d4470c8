/** `POST` and `GET /api/intersections/{id}/plans`: plans the centre sends, and what became of them. */
import { Type, type Static } from '@sinclair/typebox';
import { SignalPlan } from '../../mqtt/v1/schemas';
import { EpochMs, Nullable } from './common.schema';
import { PlanExplanation, PlanSource } from './plan-explanation.schema';

/** Plans expire so a controller never runs a stale centre plan for long if the centre goes away. */
export const DEFAULT_PLAN_VALIDITY_S = 15 * 60;
export const MAX_PLAN_VALIDITY_S = 60 * 60;

const planField = SignalPlan.properties;

export const PlanRequest = Type.Object(
  {
    cycleS: planField.cycleS,
    offsetS: planField.offsetS,
    splits: planField.splits,
    reason: planField.reason,
    coordinatedPhase: Type.Optional(planField.coordinatedPhase),
    validForS: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: MAX_PLAN_VALIDITY_S,
        description: `Seconds until the plan expires and the controller falls back to its local plan; default ${DEFAULT_PLAN_VALIDITY_S}.`,
      }),
    ),
  },
  {
    $id: 'arterial/api/v1/PlanRequest',
    title: 'Plan request',
    description: "A plan to send; the centre stamps id and times, checks the contract and the junction's safety rules, and only then publishes it.",
    // Unknown fields are refused: a misspelt optional field (validFor) must not silently fall back to its default.
    additionalProperties: false,
  },
);
export type PlanRequest = Static<typeof PlanRequest>;

/** Who set a plan and on whose behalf: `engine:<strategy>`, `fallback`, or the operator's name. */
export const PlanOrigin = Type.Object(
  {
    source: PlanSource,
    actor: Type.String({ minLength: 1, maxLength: 128, description: 'Who asked for the plan: `engine:webster`, `api`, an operator name.' }),
  },
  { $id: 'arterial/api/v1/PlanOrigin', title: 'Plan origin', additionalProperties: false },
);
export type PlanOrigin = Static<typeof PlanOrigin>;

export const DispatchedPlanStatus = Type.Union(
  [Type.Literal('sent'), Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('timeout'), Type.Literal('superseded'), Type.Literal('expired')],
  {
    description:
      '`sent` until the controller acknowledges; then `accepted` or `rejected`. `timeout`: no acknowledgement after every retry; ' +
      '`superseded`: a newer plan for the same controller replaced it before its acknowledgement; `expired`: it expired unacknowledged.',
  },
);
export type DispatchedPlanStatus = Static<typeof DispatchedPlanStatus>;

export const DispatchedPlan = Type.Object(
  {
    intersectionId: Type.String(),
    plan: SignalPlan,
    status: DispatchedPlanStatus,
    sentAt: EpochMs('When the centre published the plan'),
    ackedAt: Nullable(EpochMs("When the centre received the acknowledgement (centre's clock)")),
    ackReason: Nullable(Type.String({ description: "The controller's reason, when it gave one." })),
    attempts: Type.Optional(Type.Integer({ minimum: 1, description: 'Times the plan was published (1 + retries while no acknowledgement came).' })),
    origin: Type.Optional(PlanOrigin),
    explanation: Type.Optional(PlanExplanation),
  },
  { $id: 'arterial/api/v1/DispatchedPlan', title: 'Dispatched plan', description: 'A plan the centre sent, with its acknowledgement status.' },
);
export type DispatchedPlan = Static<typeof DispatchedPlan>;

export const PlanList = Type.Object(
  {
    intersectionId: Type.String(),
    plans: Type.Array(DispatchedPlan, { description: 'Newest first; the last 20 per intersection.' }),
  },
  { $id: 'arterial/api/v1/PlanList', title: 'Plans of an intersection' },
);
export type PlanList = Static<typeof PlanList>;
