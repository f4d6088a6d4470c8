/**
 * Alerts: what the centre raises for operators (congestion now and predicted, detector faults, low data completeness,
 * controllers offline, plans rejected, plan inputs degraded), with their lifecycle raised → acknowledged → cleared. `GET /api/alerts`,
 * `POST /api/alerts/{id}/acknowledge`, and the `alerts` message of the live feed all carry the `Alert` below.
 */
import { Type, type Static, type StaticDecode } from '@sinclair/typebox';
import { EpochMs, IdParams, Nullable, QueryTime } from './common.schema';

export const DEFAULT_ALERT_LIMIT = 100;
export const MAX_ALERT_LIMIT = 1000;

export const AlertKind = Type.Union(
  [
    Type.Literal('congestion-predicted'),
    Type.Literal('congestion'),
    Type.Literal('detector-fault'),
    Type.Literal('completeness-low'),
    Type.Literal('controller-offline'),
    Type.Literal('plan-rejected'),
    Type.Literal('plan-inputs-degraded'),
  ],
  { description: 'What the alert is about.' },
);
export type AlertKind = Static<typeof AlertKind>;
export const ALERT_KINDS: readonly AlertKind[] = AlertKind.anyOf.map((k) => k.const);

export const AlertSeverity = Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]);
export type AlertSeverity = Static<typeof AlertSeverity>;

export const AlertState = Type.Union([Type.Literal('raised'), Type.Literal('acknowledged'), Type.Literal('cleared')], {
  description: '`raised` until an operator acknowledges it; `cleared` once the condition has been absent for the hold time (from either state).',
});
export type AlertState = Static<typeof AlertState>;

export const AlertPlace = Type.Object(
  {
    type: Type.Union([Type.Literal('link'), Type.Literal('detector'), Type.Literal('intersection'), Type.Literal('network'), Type.Literal('area')]),
    id: Type.String({ description: 'Id of the link, detector, intersection or area; the network name for `network`.' }),
    name: Type.Optional(Type.String({ description: 'Human name from the network model, when it has one.' })),
  },
  { $id: 'arterial/api/v1/AlertPlace', title: 'Alert place', description: 'Where the condition is.' },
);
export type AlertPlace = Static<typeof AlertPlace>;

export const AlertDetails = Type.Object(
  {
    leadTimeS: Type.Optional(Type.Number({ minimum: 0, description: 'Predicted congestion: seconds from now until the congestion is expected.' })),
    confidence: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Predicted congestion: probability that the prediction holds.' })),
    level: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'Congestion level by GB/T 33171-2016 (1 free flow … 5 severe).' })),
    faultCodes: Type.Optional(Type.Array(Type.String(), { description: 'Detector fault codes (`health-failed`, or codes of the quality diagnosis).' })),
    intervals: Type.Optional(Type.Integer({ minimum: 0, description: 'Detector fault: consecutive failed intervals; completeness: missed intervals.' })),
    silentS: Type.Optional(Type.Number({ minimum: 0, description: 'Seconds without a message from the device (completeness flood: the longest silence).' })),
    detectors: Type.Optional(Type.Integer({ minimum: 0, description: 'Completeness on the network: detectors silent at once (a flood; their own alerts are held back meanwhile).' })),
    planId: Type.Optional(Type.String({ description: 'Plan rejected: the plan the controller refused.' })),
    phases: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 32 }), { description: 'Plan inputs degraded: phases left without a trustworthy detector input.' })),
    reason: Type.Optional(Type.String({ description: "Plan rejected: the controller's reason; controller offline: `last-will`, `status` or `silent`." })),
    suppressed: Type.Optional(Type.Integer({ minimum: 0, description: 'Times this condition came back within the re-raise window and re-opened this alert instead of raising a new one.' })),
  },
  { $id: 'arterial/api/v1/AlertDetails', title: 'Alert details', description: 'Facts behind the alert; which fields are present depends on the kind.' },
);
export type AlertDetails = Static<typeof AlertDetails>;

export const Alert = Type.Object(
  {
    id: Type.String({ description: 'Alert id; one alert per occurrence of a condition at a place.' }),
    kind: AlertKind,
    severity: AlertSeverity,
    place: AlertPlace,
    state: AlertState,
    raisedAt: EpochMs('When the alert was raised'),
    lastSeenAt: EpochMs('When the condition was last reported'),
    acknowledgedAt: Nullable(EpochMs('When an operator acknowledged it')),
    acknowledgedBy: Nullable(Type.String({ description: 'Who acknowledged it.' })),
    acknowledgedNote: Nullable(Type.String({ description: 'What the operator wrote when acknowledging.' })),
    clearedAt: Nullable(EpochMs('When it cleared')),
    message: Type.String({ description: 'One line for people (English).' }),
    details: AlertDetails,
    occurrences: Type.Integer({ minimum: 1, description: 'Times the condition was reported while this alert was open (de-duplicated into this alert).' }),
  },
  { $id: 'arterial/api/v1/Alert', title: 'Alert', description: 'A condition operators should know about, with its lifecycle. Times are centre time.' },
);
export type Alert = Static<typeof Alert>;

export const AlertsQuery = Type.Object({
  state: Type.Optional(AlertState),
  kind: Type.Optional(AlertKind),
  severity: Type.Optional(AlertSeverity),
  from: Type.Optional(QueryTime('Start of the history range, inclusive; default 24 hours before `to`')),
  to: Type.Optional(QueryTime('End of the history range, exclusive; default now')),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ALERT_LIMIT, description: `Most alerts to return; default ${DEFAULT_ALERT_LIMIT}.` })),
});
/** The query as decoded by the server (times in epoch ms). */
export type AlertsQuery = StaticDecode<typeof AlertsQuery>;

export const AlertList = Type.Object(
  {
    from: EpochMs('Start of the history range'),
    to: EpochMs('End of the history range'),
    alerts: Type.Array(Alert, {
      description: 'Open alerts (whenever raised) and alerts with a lifecycle step in [from, to), each once in its latest state; newest step first.',
    }),
    historyError: Nullable(
      Type.String({
        description: 'Why stored history is missing from the list (InfluxDB away or refusing); open alerts are listed regardless, since they matter most then.',
      }),
    ),
  },
  { $id: 'arterial/api/v1/AlertList', title: 'Alerts' },
);
export type AlertList = Static<typeof AlertList>;

export const AlertParams = IdParams('Alert');
export type AlertParams = Static<typeof AlertParams>;

export const AcknowledgeRequest = Type.Object(
  {
    actor: Type.String({ minLength: 1, maxLength: 128, pattern: '\\S', description: 'Who acknowledges; with sign-in on, the signed-in user replaces it.' }),
    note: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S', description: 'What is being done about it.' }),
  },
  {
    $id: 'arterial/api/v1/AcknowledgeRequest',
    title: 'Acknowledge request',
    description: 'Acknowledging says someone has seen the alert and is on it; it stays open until its condition clears.',
    additionalProperties: false,
  },
);
export type AcknowledgeRequest = Static<typeof AcknowledgeRequest>;
