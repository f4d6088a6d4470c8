/**
 * Operator overrides of one junction: `POST` and `GET /api/intersections/{id}/overrides`. While an override is active
 * the adaptive engine leaves the junction alone; when it ends (its time is up, or `resume-adaptive`), the engine takes
 * over again. Forced plans travel as plans; held phases and flash travel as controller commands.
 */
import { Type, type Static } from '@sinclair/typebox';
import { MAX_HOLD_S } from '../../mqtt/v1/schemas';
import { EpochMs, Nullable } from './common.schema';
import { PlanRequest } from './plans.schema';

/** Longest phase hold (the controller command's limit: a held green starves every conflicting movement). */
export const MAX_OVERRIDE_HOLD_S = MAX_HOLD_S;
/** Longest forced plan or flash; a plan's validity is bounded by the same hour. */
export const MAX_OVERRIDE_S = 3600;

export const OverrideAction = Type.Union([Type.Literal('force-plan'), Type.Literal('hold-phase'), Type.Literal('flash'), Type.Literal('resume-adaptive')], {
  description: '`force-plan` sends `plan`; `hold-phase` holds `phase` green; `flash` flashes the junction; `resume-adaptive` ends the active override.',
});
export type OverrideAction = Static<typeof OverrideAction>;

export const OverrideRequest = Type.Object(
  {
    action: OverrideAction,
    plan: Type.Optional(Type.Omit(PlanRequest, ['validForS'], { description: 'The plan to force (`force-plan` only); it runs for `durationS`.' })),
    phase: Type.Optional(Type.Integer({ minimum: 1, maximum: 32, description: 'The phase to hold green (`hold-phase` only).' })),
    durationS: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: MAX_OVERRIDE_S,
        description: `How long the override lasts, seconds: at most ${MAX_OVERRIDE_HOLD_S} for \`hold-phase\`, ${MAX_OVERRIDE_S} otherwise. Required except for \`resume-adaptive\`.`,
      }),
    ),
    reason: Type.String({ minLength: 1, maxLength: 256, pattern: '\\S', description: 'Why, for the audit trail.' }),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '\\S', description: 'Who, only with API_ALLOW_ANONYMOUS=true (the `X-Arterial-Actor` header wins; default `operator`); otherwise the signed-in user is the actor and this is ignored.' })),
  },
  { $id: 'arterial/api/v1/OverrideRequest', title: 'Override request', additionalProperties: false },
);
export type OverrideRequest = Static<typeof OverrideRequest>;

export const OverrideState = Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('ended'), Type.Literal('failed')], {
  description: '`pending` until the controller acknowledges the command; `active` while it runs; `ended` when its time is up or it was resumed; `failed` when the controller refused it or never answered.',
});
export type OverrideState = Static<typeof OverrideState>;

export const Override = Type.Object(
  {
    overrideId: Type.String(),
    intersectionId: Type.String(),
    action: Type.Union([Type.Literal('force-plan'), Type.Literal('hold-phase'), Type.Literal('flash')]),
    phase: Type.Optional(Type.Integer({ minimum: 1, maximum: 32 })),
    planId: Type.Optional(Type.String({ description: 'The forced plan (`force-plan`).' })),
    commandId: Type.Optional(Type.String({ description: 'The controller command (`hold-phase`, `flash`).' })),
    actor: Type.String(),
    reason: Type.String(),
    state: OverrideState,
    startedAt: EpochMs('When the operator applied it'),
    endsAt: EpochMs('When it ends by itself'),
    endedAt: Nullable(EpochMs('When it ended')),
    outcome: Nullable(Type.String({ description: 'How it ended or failed: `expired`, `resumed by <actor>`, the controller’s reason, …' })),
  },
  { $id: 'arterial/api/v1/Override', title: 'Override', description: 'An operator override of one junction. Times are centre time.' },
);
export type Override = Static<typeof Override>;

export const OverrideList = Type.Object(
  {
    intersectionId: Type.String(),
    active: Nullable(Override),
    history: Type.Array(Override, { description: 'Newest first, the last 20 of this junction (the active one included).' }),
  },
  { $id: 'arterial/api/v1/OverrideList', title: 'Overrides of an intersection' },
);
export type OverrideList = Static<typeof OverrideList>;
