/**
 * Why the centre chose a plan: the inputs a strategy read, the values it chose and its reason in words. Stored with
 * every plan the engine sends (the audit trail) and answered by REST, so an engineer can check a plan by hand.
 */
import { Type, type Static } from '@sinclair/typebox';
import { PlanSplit } from '../../mqtt/v1/schemas';
import { EpochMs, Nullable } from './common.schema';

export const CONTROL_STRATEGIES = ['webster', 'scats', 'green-wave', 'max-pressure'] as const;
export const ControlStrategy = Type.Union(
  CONTROL_STRATEGIES.map((s) => Type.Literal(s)),
  { description: 'Adaptive strategy of the plan engine.' },
);
export type ControlStrategy = Static<typeof ControlStrategy>;

/** Who set a plan: an engine strategy, the time-of-day fallback (inputs failed), or an operator. */
export const PlanSource = Type.Union([Type.Literal('engine'), Type.Literal('fallback'), Type.Literal('operator')]);
export type PlanSource = Static<typeof PlanSource>;

const NullableNumber = (description: string) => Nullable(Type.Number({ description }));

export const PhaseInput = Type.Object(
  {
    phase: Type.Integer({ minimum: 1, maximum: 32 }),
    flowVph: NullableNumber('Critical lane-group flow served by the phase, veh/h (measured or predicted)'),
    saturationFlowVph: NullableNumber('Saturation flow of that lane group, veh/h'),
    flowRatio: NullableNumber('y = flow / saturation flow'),
    degreeOfSaturation: NullableNumber('X = flow / capacity under the running plan'),
    queueVeh: NullableNumber('Estimated queue on the phase movements, vehicles'),
    pressure: NullableNumber('Max-pressure weight: upstream minus downstream queues, times saturation flow share'),
    predictedFlowVph: NullableNumber('Predicted flow used instead of the measured one, when the strategy looked ahead'),
  },
  { additionalProperties: false },
);
export type PhaseInput = Static<typeof PhaseInput>;

export const PlanExplanation = Type.Object(
  {
    strategy: Type.Union([ControlStrategy, Type.Literal('time-of-day')], { description: '`time-of-day` when the junction fell back to its local plan.' }),
    source: PlanSource,
    computedAt: EpochMs('When the plan was computed (engine clock)'),
    inputs: Type.Object(
      {
        phases: Type.Array(PhaseInput),
        detectorsUsed: Type.Integer({ minimum: 0, description: 'Detectors whose measurements fed the plan' }),
        detectorsFaulty: Type.Integer({ minimum: 0, description: 'Detectors of the junction left out as faulty or missing' }),
        groupId: Nullable(Type.String({ description: 'Coordinated group the junction was planned with' })),
        extra: Type.Optional(Type.Record(Type.String(), Type.Number(), { description: 'Strategy-specific figures (lost time, Y, target DS, bandwidth, …)' })),
      },
      { additionalProperties: false },
    ),
    chosen: Type.Object(
      { cycleS: Type.Number(), offsetS: Type.Number(), splits: Type.Array(PlanSplit) },
      { additionalProperties: false, description: 'The timing the strategy chose (what was sent, before controller transitions).' },
    ),
    reason: Type.String({ minLength: 1, maxLength: 1024, description: 'The decision in words, for operators and engineers.' }),
  },
  { $id: 'arterial/api/v1/PlanExplanation', title: 'Plan explanation', additionalProperties: false },
);
export type PlanExplanation = Static<typeof PlanExplanation>;
