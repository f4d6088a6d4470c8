/**
 * Arterial MQTT contract, version 1: the single definition of every payload.
 * Types, validators, the AsyncAPI document and the firmware guide are all derived from these schemas.
 * v1 is frozen once shipped: add optional fields only; anything else goes to v2 beside it.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Device and intersection ids, as they appear in topics. */
export const ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
/** Largest payload the centre accepts, in bytes; bigger ones are rejected before parsing. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;
/** How far ahead of the centre's clock a device timestamp may be before it is rejected. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const EpochMs = (description: string) =>
  Type.Integer({ minimum: 946684800000, maximum: 4102444800000, description: `${description} (Unix epoch, milliseconds, UTC)` });
const Seq = Type.Integer({
  minimum: 0,
  maximum: 4294967295,
  description: 'Per-device message counter; increments by one per message and restarts from 0 when the device reboots.',
});
const Id = (description: string) => Type.String({ pattern: ID_PATTERN, description });
const PhaseId = Type.Integer({ minimum: 1, maximum: 32, description: 'Signal phase number (NEMA-style, 1–32).' });

export const DetectorHealth = Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('failed')], {
  description: "Detector self-diagnosis: 'ok'; 'degraded' (values usable with care); 'failed' (values must not be used).",
});

export type DetectorHealth = Static<typeof DetectorHealth>;

export const DetectorMeasurement = Type.Object(
  {
    ts: EpochMs('End of the aggregation interval'),
    seq: Seq,
    intervalS: Type.Integer({ minimum: 1, maximum: 3600, description: 'Length of the aggregation interval in seconds.' }),
    volume: Type.Integer({ minimum: 0, maximum: 10000, description: 'Vehicles counted during the interval.' }),
    occupancyPct: Type.Number({ minimum: 0, maximum: 100, description: 'Share of the interval the detection zone was occupied, in percent.' }),
    speedKph: Type.Optional(
      Type.Number({ minimum: 0, maximum: 250, description: 'Mean spot speed in km/h; omitted by detectors that cannot measure speed.' }),
    ),
    health: DetectorHealth,
  },
  { $id: 'arterial/v1/DetectorMeasurement', title: 'Detector measurement', description: 'One interval aggregate from a loop, radar or video detector.' },
);
export type DetectorMeasurement = Static<typeof DetectorMeasurement>;

export const ControllerMode = Type.Union(
  [Type.Literal('fixed'), Type.Literal('adaptive'), Type.Literal('manual'), Type.Literal('flash'), Type.Literal('off')],
  { description: 'Operating mode of the controller.' },
);
export type ControllerMode = Static<typeof ControllerMode>;

export const PhaseState = Type.Union(
  [Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red'), Type.Literal('flashing-yellow'), Type.Literal('dark')],
  { description: 'Indication currently shown by the phase.' },
);
export type PhaseState = Static<typeof PhaseState>;

export const PhaseStatus = Type.Object({
  id: PhaseId,
  state: PhaseState,
  remainingS: Type.Number({ minimum: 0, maximum: 600, description: 'Seconds until this indication is due to change.' }),
});
export type PhaseStatus = Static<typeof PhaseStatus>;

export const ControllerState = Type.Object(
  {
    ts: EpochMs('Time the state was sampled'),
    seq: Seq,
    mode: ControllerMode,
    planId: Id('Plan currently running (the local fallback plan has its own id).'),
    cycleS: Type.Integer({ minimum: 0, maximum: 600, description: 'Cycle length in seconds; 0 in flash and off modes (and allowed in manual), > 0 in fixed and adaptive.' }),
    cycleSecond: Type.Number({ minimum: 0, maximum: 600, description: 'Position within the cycle in seconds; 0 ≤ cycleSecond < cycleS.' }),
    phases: Type.Array(PhaseStatus, { minItems: 1, maxItems: 32, description: 'Every phase of the intersection, once each.' }),
  },
  { $id: 'arterial/v1/ControllerState', title: 'Controller state', description: 'Signal phase and timing, at 1 Hz and on every change.' },
);
export type ControllerState = Static<typeof ControllerState>;

export const ControllerStatus = Type.Object(
  {
    online: Type.Boolean({ description: 'false in the last-will message the broker publishes when the controller drops off.' }),
    firmware: Type.String({ minLength: 1, maxLength: 64, description: 'Firmware name and version.' }),
    faults: Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 32, description: 'Active fault codes; empty when healthy.' }),
    ts: EpochMs('Time the status was produced'),
  },
  { $id: 'arterial/v1/ControllerStatus', title: 'Controller status', description: 'Retained liveness and health of a controller; its last will says offline.' },
);
export type ControllerStatus = Static<typeof ControllerStatus>;

/** Largest passage (gap) time a plan may set, in seconds; longer gaps would never let a phase gap out. */
export const MAX_PASSAGE_S = 10;

export const PlanActuation = Type.Object(
  {
    minGreenS: Type.Number({ minimum: 0, maximum: 300, description: 'Shortest green the phase runs before it may gap out, in seconds; ≤ greenS.' }),
    maxGreenS: Type.Number({ minimum: 0, maximum: 300, description: 'Longest green the phase may run, in seconds; ≥ greenS.' }),
    passageS: Type.Number({
      exclusiveMinimum: 0,
      maximum: MAX_PASSAGE_S,
      description: 'Passage (gap) time: the phase gaps out once minGreenS has run and no vehicle arrived for this long, in seconds.',
    }),
    skipWithoutCall: Type.Optional(
      Type.Boolean({
        description:
          'v1.3, optional: true lets the controller skip the phase in a cycle where no vehicle calls it when the phase before it ends (no green and no change interval of its own; the links of the phase before it clear in a change interval of their own). Never on the coordinatedPhase; the first phase of the junction sequence is served every cycle whatever this says. Absent or false: the phase runs at least minGreenS every cycle, as in 1.1.',
      }),
    ),
  },
  {
    description:
      'v1.1, optional: actuation within the plan. A controller without actuation runs greenS fixed. Without the plan\'s coordinatedPhase the phase runs between minGreenS and maxGreenS and the cycle floats.',
  },
);
export type PlanActuation = Static<typeof PlanActuation>;

export const PlanSplit = Type.Object({
  phase: PhaseId,
  greenS: Type.Number({ minimum: 0, maximum: 300, description: 'Green time for the phase in seconds, excluding yellow and all-red; < cycleS.' }),
  actuation: Type.Optional(PlanActuation),
});
export type PlanSplit = Static<typeof PlanSplit>;

export const SignalPlan = Type.Object(
  {
    planId: Id('Unique plan id; also the correlation id of the acknowledgement.'),
    issuedAt: EpochMs('Time the centre issued the plan'),
    expiresAt: EpochMs('After this time the controller returns to its local plan unless a newer plan arrived'),
    cycleS: Type.Integer({ minimum: 20, maximum: 600, description: 'Cycle length in seconds.' }),
    offsetS: Type.Number({ minimum: 0, maximum: 600, description: 'Offset of the cycle start from the coordination reference, in seconds; < cycleS.' }),
    splits: Type.Array(PlanSplit, { minItems: 1, maxItems: 32, description: 'Green time per phase, each phase once.' }),
    reason: Type.String({ minLength: 1, maxLength: 256, description: 'Why the plan was issued (algorithm, operator override, …), for the audit trail.' }),
    coordinatedPhase: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 32,
        description:
          'v1.1, optional: the coordinated phase. It keeps its yield point (ends at its fixed point in the cycle) and gets the time actuated phases leave unused (early return); the other phases are forced off at their split end. Must have a split.',
      }),
    ),
    leaseEpoch: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'v1.2, optional: fencing token of the centre instance that owns this junction (its ownership lease revision; grows with every change of owner). A controller remembers the highest epoch it has seen and rejects a plan with a lower one (ack reason "stale-epoch"). Absent: a single centre; the controller accepts the plan as in 1.1.',
      }),
    ),
  },
  { $id: 'arterial/v1/SignalPlan', title: 'Signal plan', description: 'Timing plan from the centre; applied at a cycle boundary after the controller accepts it.' },
);
export type SignalPlan = Static<typeof SignalPlan>;

export const PlanAck = Type.Object(
  {
    planId: Id('Id of the plan being acknowledged.'),
    accepted: Type.Boolean({ description: 'true when the controller will apply the plan at its next cycle boundary; false when it keeps its current plan.' }),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'Required when accepted is false: why the plan was rejected (v1.2: "stale-epoch" for a plan from a deposed owner).' })),
    ts: Type.Optional(EpochMs('Time of the decision')),
  },
  { $id: 'arterial/v1/PlanAck', title: 'Plan acknowledgement', description: "Controller's answer to a plan." },
);
export type PlanAck = Static<typeof PlanAck>;

/** v1.2: the ack reason of a plan whose `leaseEpoch` is lower than one the controller has seen (sent by a deposed owner). */
export const STALE_EPOCH_REASON = 'stale-epoch';

/** Longest time between issuedAt and expiresAt of any command, in seconds. */
export const MAX_COMMAND_VALIDITY_S = 1800;
/** Longest hold-phase command (expiresAt − issuedAt), in seconds: a held green starves every other movement. */
export const MAX_HOLD_S = 300;

export const CommandAction = Type.Union([Type.Literal('hold-phase'), Type.Literal('flash'), Type.Literal('resume')], {
  description:
    "'hold-phase': serve `phase` by the normal sequence (no minimum green, pedestrian or clearance interval cut) and hold its green until expiresAt or resume; 'flash': finish the running clearance, then flash yellow until expiresAt or resume; 'resume': end a hold or flash now, safely, and return to the plan through a transition.",
});
export type CommandAction = Static<typeof CommandAction>;

export const ControllerCommand = Type.Object(
  {
    commandId: Id('Unique command id; also the correlation id of the acknowledgement.'),
    issuedAt: EpochMs('Time the centre issued the command'),
    expiresAt: EpochMs('The command ends (or, not yet run, is rejected as expired) at this time'),
    action: CommandAction,
    phase: Type.Optional(Type.Integer({ minimum: 1, maximum: 32, description: 'Phase to hold; required for hold-phase, absent for the other actions.' })),
    reason: Type.String({ minLength: 1, maxLength: 256, description: 'Why the command was issued (operator, incident, …), for the audit trail.' }),
  },
  {
    $id: 'arterial/v1/ControllerCommand',
    title: 'Controller command',
    description: 'v1.1: an operator command to a controller (hold a phase, flash, resume). A controller that does not implement commands rejects them with reason "unsupported".',
  },
);
export type ControllerCommand = Static<typeof ControllerCommand>;

export const CommandAck = Type.Object(
  {
    commandId: Id('Id of the command being acknowledged.'),
    accepted: Type.Boolean({ description: 'true when the controller carries the command out; false when it ignores it.' }),
    reason: Type.Optional(
      Type.String({ minLength: 1, maxLength: 256, description: "Required when accepted is false: why ('expired', 'unsupported', 'unknown-phase', …)." }),
    ),
    ts: Type.Optional(EpochMs('Time of the decision')),
  },
  { $id: 'arterial/v1/CommandAck', title: 'Command acknowledgement', description: "v1.1: controller's answer to a command." },
);
export type CommandAck = Static<typeof CommandAck>;
