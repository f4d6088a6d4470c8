/**
 * Every REST route under `/api`, with the schema of each part of its request and of its answer per status.
 * The OpenAPI generator, the server's validation and the route test all read this table, so nothing is listed twice.
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import { NetworkModel } from '../../network/network.schema';
import { AcknowledgeRequest, Alert, AlertList, AlertParams, AlertsQuery } from './alerts.schema';
import { ApiError } from './common.schema';
import { DeadLetterList, DeadLettersQuery } from './dead-letters.schema';
import { DetectorParams, DetectorSeries, DetectorSeriesQuery } from './detectors.schema';
import { DetectorEstimateAnswer, IntersectionEstimateAnswer, LinkEstimateAnswer, LinkParams } from './estimates.schema';
import { KpiSeries, KpisQuery } from './kpis.schema';
import { DetectorQuality } from './quality.schema';
import { DailyQualityAnswer, DailyQualityQuery, LinkEstimatesQuery, LinkEstimateSeries } from './quality-history.schema';
import {
  BulkHistoryQuery,
  ControllerStatusHistory,
  DetectorPredictionHistory,
  DetectorPredictionHistoryQuery,
  LinkEstimateHistory,
  LinkEstimateHistoryQuery,
  MAX_PREDICTION_HISTORY_MS,
  ReplaySourceList,
  SignalStateHistory,
} from './replay-history.schema';
import { HealthReport, LivenessReport, ReadinessReport } from './health.schema';
import { IntersectionDetail, IntersectionParams } from './intersections.schema';
import { DispatchedPlan, PlanList, PlanRequest } from './plans.schema';
import { Override, OverrideList, OverrideRequest } from './overrides.schema';
import { AuditList, AuditQuery } from './audit.schema';
import { DetectorPredictionAnswer, LinkPredictionAnswer } from './predictions.schema';
import { AccessToken, CurrentUser, LoginRequest, type RouteAccess } from './auth.schema';
import { CreatedUser, CreateUserRequest, SetRoleRequest, UserList, UserParams, UserSummary } from './users.schema';
import { SecurityAuditList, SecurityAuditQuery } from './security-audit.schema';

export interface ApiResponse {
  description: string;
  schema: TSchema;
  /** Default `application/json`. */
  contentType?: string;
}

export interface ApiRoute {
  method: 'get' | 'post';
  /** OpenAPI path template, prefix included: `/api/detectors/{id}/series`. */
  path: string;
  /**
   * Who may call it: `public`, or the least role of a signed-in user (docs/security.md, "Operator access").
   * The server's guard reads it from here; a signed-in user below it gets 403, a request without a valid token 401.
   */
  minRole: RouteAccess;
  summary: string;
  description?: string;
  tag: string;
  params?: TObject;
  query?: TObject;
  body?: TSchema;
  responses: Readonly<Record<number, ApiResponse>>;
}

const badInput: ApiResponse = { description: 'Bad input: a malformed id, query parameter or body; `path` names the failing field.', schema: ApiError };
const storageDown: ApiResponse = { description: 'InfluxDB cannot be reached.', schema: ApiError };
const storageFailed: ApiResponse = { description: 'InfluxDB refused the query.', schema: ApiError };

/** Keyed by OpenAPI operationId. */
export const API_ROUTES = {
  getHealth: {
    method: 'get',
    path: '/api/health',
    minRole: 'viewer',
    tag: 'operations',
    summary: 'Health of broker, storage and pipeline',
    description: 'Answers 503 with the same report when down, so load balancers can act on the status code alone.',
    responses: {
      200: { description: '`ok` or `degraded`.', schema: HealthReport },
      503: { description: '`down`: the broker session or the pipeline is not running.', schema: HealthReport },
    },
  },
  getLiveness: {
    method: 'get',
    path: '/api/health/live',
    minRole: 'public',
    tag: 'operations',
    summary: 'Liveness probe',
    description: 'Process up and event loop responsive; an orchestrator restarts the process on 503 (Docker HEALTHCHECK, Kubernetes livenessProbe).',
    responses: {
      200: { description: '`alive`.', schema: LivenessReport },
      503: { description: '`stalled`: the event loop was blocked longer than the limit.', schema: LivenessReport },
    },
  },
  getReadiness: {
    method: 'get',
    path: '/api/health/ready',
    minRole: 'public',
    tag: 'operations',
    summary: 'Readiness probe',
    description: 'Broker started, storage reachable or spooling within limits, network loaded, pipeline running; a load balancer sends traffic only on 200.',
    responses: {
      200: { description: 'Ready.', schema: ReadinessReport },
      503: { description: 'Not ready; `checks` says which part failed.', schema: ReadinessReport },
    },
  },
  getNetwork: {
    method: 'get',
    path: '/api/network',
    minRole: 'viewer',
    tag: 'network',
    summary: 'The network model',
    description: 'GeoJSON FeatureCollection of links, intersections and detectors (format `arterial-network`, version 1).',
    responses: { 200: { description: 'The network model.', schema: NetworkModel, contentType: 'application/geo+json' } },
  },
  getDetectorSeries: {
    method: 'get',
    path: '/api/detectors/{id}/series',
    minRole: 'viewer',
    tag: 'history',
    summary: 'History of one detector',
    params: DetectorParams,
    query: DetectorSeriesQuery,
    responses: {
      200: { description: 'Buckets over the range, with the live value.', schema: DetectorSeries },
      400: { ...badInput, description: `${badInput.description} Also when from ≥ to or the range holds too many buckets.` },
      500: storageFailed,
      503: storageDown,
    },
  },
  getIntersection: {
    method: 'get',
    path: '/api/intersections/{id}',
    minRole: 'viewer',
    tag: 'network',
    summary: 'One intersection with its live signal state',
    params: IntersectionParams,
    responses: {
      200: { description: 'Phases, conflicts, fallback plan and live state.', schema: IntersectionDetail },
      400: badInput,
      404: { description: 'Not in the network model and never reported.', schema: ApiError },
    },
  },
  sendPlan: {
    method: 'post',
    path: '/api/intersections/{id}/plans',
    minRole: 'operator',
    tag: 'control',
    summary: 'Send a signal plan',
    description: "The plan is sent only when it passes the MQTT contract and the junction's safety rules; nothing is sent otherwise.",
    params: IntersectionParams,
    body: PlanRequest,
    responses: {
      202: { description: 'Published to the controller; its acknowledgement shows in the plan list.', schema: DispatchedPlan },
      400: { ...badInput, description: `${badInput.description} Also when the plan breaks the MQTT contract.` },
      404: { description: 'The intersection is not in the network model, so its limits are unknown.', schema: ApiError },
      422: { description: 'Unsafe: `violations` lists every broken safety rule; nothing was sent.', schema: ApiError },
    },
  },
  listPlans: {
    method: 'get',
    path: '/api/intersections/{id}/plans',
    minRole: 'viewer',
    tag: 'control',
    summary: 'Plans sent to an intersection',
    params: IntersectionParams,
    responses: {
      200: { description: 'Newest first, with their acknowledgement status.', schema: PlanList },
      400: badInput,
    },
  },
  createOverride: {
    method: 'post',
    path: '/api/intersections/{id}/overrides',
    minRole: 'operator',
    tag: 'control',
    summary: 'Override a junction (force a plan, hold a phase, flash) or resume adaptive control',
    description:
      'While an override is active the adaptive engine leaves the junction alone. A forced plan passes the safety rules like any plan; ' +
      'a held phase or flash is sent as a controller command. `resume-adaptive` ends the active override. The actor is the signed-in ' +
      'user (with API_ALLOW_ANONYMOUS=true: the `X-Arterial-Actor` header, else the body, else `operator`); every step is audited.',
    params: IntersectionParams,
    body: OverrideRequest,
    responses: {
      201: { description: 'Applied: the override (for `resume-adaptive`, the override it ended).', schema: Override },
      400: { ...badInput, description: `${badInput.description} Also when a field the action needs is missing or the duration is over its limit.` },
      404: { description: 'The intersection is not in the network model.', schema: ApiError },
      409: { description: '`resume-adaptive` with no active override.', schema: ApiError },
      422: { description: 'The forced plan is unsafe: `violations` lists every broken safety rule; nothing was sent.', schema: ApiError },
    },
  },
  listOverrides: {
    method: 'get',
    path: '/api/intersections/{id}/overrides',
    minRole: 'viewer',
    tag: 'control',
    summary: 'Active override and override history of a junction',
    params: IntersectionParams,
    responses: {
      200: { description: 'The active override (or null) and the latest ones, newest first.', schema: OverrideList },
      400: badInput,
    },
  },
  listAudit: {
    method: 'get',
    path: '/api/audit',
    minRole: 'engineer',
    tag: 'control',
    summary: 'Control audit trail',
    description: 'Every control action (plans, acknowledgements, retries, overrides, commands, degraded controllers) with actor, time, reason and outcome, from InfluxDB.',
    query: AuditQuery,
    responses: {
      200: { description: 'Events in [from, to), newest first (default the last 24 hours).', schema: AuditList },
      400: { ...badInput, description: `${badInput.description} Also when from ≥ to.` },
      500: storageFailed,
      503: storageDown,
    },
  },
  listDeadLetters: {
    method: 'get',
    path: '/api/dead-letters',
    minRole: 'engineer',
    tag: 'operations',
    summary: 'Rejected messages',
    query: DeadLettersQuery,
    responses: {
      200: { description: 'Newest first, with topic, reason and a payload excerpt.', schema: DeadLetterList },
      400: { ...badInput, description: `${badInput.description} Also when from ≥ to.` },
      500: storageFailed,
      503: storageDown,
    },
  },
  listAlerts: {
    method: 'get',
    path: '/api/alerts',
    minRole: 'viewer',
    tag: 'alerts',
    summary: 'Open alerts and alert history',
    description: 'Open alerts come from the live alert book; history from InfluxDB. When InfluxDB is away the open alerts are still listed and `historyError` says why history is missing.',
    query: AlertsQuery,
    responses: {
      200: { description: 'Each alert once, in its latest state, newest lifecycle step first.', schema: AlertList },
      400: { ...badInput, description: `${badInput.description} Also when from ≥ to.` },
    },
  },
  acknowledgeAlert: {
    method: 'post',
    path: '/api/alerts/{id}/acknowledge',
    minRole: 'operator',
    tag: 'alerts',
    summary: 'Acknowledge an alert',
    description: 'Records who is on it and why; the alert stays open until its condition clears. Acknowledging an acknowledged alert answers it unchanged.',
    params: AlertParams,
    body: AcknowledgeRequest,
    responses: {
      200: { description: 'The alert, acknowledged.', schema: Alert },
      400: badInput,
      404: { description: 'No such alert.', schema: ApiError },
      409: { description: 'The alert has already cleared.', schema: ApiError },
    },
  },
  getKpis: {
    method: 'get',
    path: '/api/kpis',
    minRole: 'viewer',
    tag: 'indicators',
    summary: 'KPI history of the network or a district',
    description: 'Stored one-minute KPIs in buckets: mean speed, TTI, GB/T 33171 index, vehicle-hours of delay, congested link-km, detector completeness and quality.',
    query: KpisQuery,
    responses: {
      200: { description: 'Buckets over the range (default the last 24 hours, 5-minute buckets).', schema: KpiSeries },
      400: { ...badInput, description: `${badInput.description} Also when from ≥ to or the range holds too many buckets.` },
      500: storageFailed,
      503: storageDown,
    },
  },
  getDailyQuality: {
    method: 'get',
    path: '/api/quality/daily',
    minRole: 'viewer',
    tag: 'indicators',
    summary: 'Daily quality reports of every detector',
    description:
      "Each detector's 0–100 quality score, completeness, status, faults and warnings per local day: stored at each day's end (InfluxDB), today's so far from the running estimation.",
    query: DailyQualityQuery,
    responses: {
      200: { description: 'Days of the range (default the last 14, today included) and each detector\'s reports.', schema: DailyQualityAnswer },
      400: { ...badInput, description: `${badInput.description} Also when from is after to, a day does not exist or the range is longer than 92 days.` },
      500: storageFailed,
      503: storageDown,
    },
  },
  getLinkEstimates: {
    method: 'get',
    path: '/api/links/{id}/estimates',
    minRole: 'viewer',
    tag: 'indicators',
    summary: "History of a link's estimates",
    description: 'Stored one-minute link estimates in buckets: GB/T 33171 level, TTI, speed and flow.',
    params: LinkParams,
    query: LinkEstimatesQuery,
    responses: {
      200: { description: 'Buckets over the range (default the last hour, about 360 buckets).', schema: LinkEstimateSeries },
      400: { ...badInput, description: `${badInput.description} Also when from ≥ to or the range holds too many buckets.` },
      404: { description: 'Not in the network model.', schema: ApiError },
      500: storageFailed,
      503: storageDown,
    },
  },
  getAllLinkEstimates: {
    method: 'get',
    path: '/api/links/estimates',
    minRole: 'viewer',
    tag: 'indicators',
    summary: 'History of every link\'s estimates (replay)',
    description:
      'Stored link estimates of all links over one range in buckets, in one request: what replay colours the map with. ' +
      'With `source`, from that replay run instead of the recorded history (read only).',
    query: LinkEstimateHistoryQuery,
    responses: {
      200: { description: 'Per link, buckets over the range (default the last hour, about 360 buckets).', schema: LinkEstimateHistory },
      400: {
        ...badInput,
        description: `${badInput.description} Also when from ≥ to, links × buckets is over the limit (use a larger step), or \`source\` is not a listed replay run.`,
      },
      500: storageFailed,
      503: storageDown,
    },
  },
  listReplaySources: {
    method: 'get',
    path: '/api/replay-sources',
    minRole: 'viewer',
    tag: 'indicators',
    summary: 'Replay runs that replay mode can show',
    description: 'InfluxDB databases named `<INFLUX_DB>_replay…` (where `npm run replay` writes its results); empty for other stores.',
    responses: {
      200: { description: 'Their names.', schema: ReplaySourceList },
      500: storageFailed,
      503: storageDown,
    },
  },
  getAllSignalStates: {
    method: 'get',
    path: '/api/signal-states',
    minRole: 'viewer',
    tag: 'control',
    summary: 'History of every junction\'s signal state (replay)',
    description: 'Stored controller states of all junctions over one range, the last state of each bucket, in one request.',
    query: BulkHistoryQuery,
    responses: {
      200: { description: 'Per junction, buckets over the range (default the last hour, about 360 buckets).', schema: SignalStateHistory },
      400: { ...badInput, description: `${badInput.description} Also when from ≥ to or junctions × buckets is over the limit (use a larger step).` },
      500: storageFailed,
      503: storageDown,
    },
  },
  getAllControllerStatus: {
    method: 'get',
    path: '/api/controller-status',
    minRole: 'viewer',
    tag: 'control',
    summary: 'History of every junction\'s controller status (replay)',
    description: 'Stored controller statuses (online, firmware, faults) of all junctions over one range, the last of each bucket and the last before the range, in one request.',
    query: BulkHistoryQuery,
    responses: {
      200: { description: 'Per junction, buckets over the range (default the last hour, about 360 buckets).', schema: ControllerStatusHistory },
      400: { ...badInput, description: `${badInput.description} Also when from ≥ to or junctions × buckets is over the limit (use a larger step).` },
      500: storageFailed,
      503: storageDown,
    },
  },
  getLinkEstimate: {
    method: 'get',
    path: '/api/links/{id}/estimate',
    minRole: 'viewer',
    tag: 'indicators',
    summary: 'Latest estimate of a link',
    description: 'Flow, speed, travel time, TTI, delay and GB/T 33171 level of the latest estimation step, each value with its provenance.',
    params: LinkParams,
    responses: {
      200: { description: 'The latest estimate; `estimate` is null before the first estimation step.', schema: LinkEstimateAnswer },
      400: badInput,
      404: { description: 'Not in the network model.', schema: ApiError },
    },
  },
  getDetectorEstimate: {
    method: 'get',
    path: '/api/detectors/{id}/estimate',
    minRole: 'viewer',
    tag: 'indicators',
    summary: 'Latest estimate of a detector',
    description:
      'Flow, occupancy, speed (measured, or from occupancy with the learned effective vehicle length) and density of the latest estimation step, each value with its provenance, and the quality behind them.',
    params: DetectorParams,
    responses: {
      200: { description: 'The latest estimate; `estimate` is null before the first estimation step.', schema: DetectorEstimateAnswer },
      400: badInput,
      404: { description: 'Not in the network model.', schema: ApiError },
    },
  },
  getIntersectionEstimate: {
    method: 'get',
    path: '/api/intersections/{id}/estimate',
    minRole: 'viewer',
    tag: 'indicators',
    summary: "Latest estimates of an intersection's approaches",
    description: "Each approach's cross-section (flow, occupancy, speed and its source, density) from the latest estimation step.",
    params: IntersectionParams,
    responses: {
      200: { description: 'The latest approach estimates; `approaches` is empty before the first estimation step.', schema: IntersectionEstimateAnswer },
      400: badInput,
      404: { description: 'Not in the network model.', schema: ApiError },
    },
  },
  getDetectorQuality: {
    method: 'get',
    path: '/api/detectors/{id}/quality',
    minRole: 'viewer',
    tag: 'indicators',
    summary: 'Data quality of a detector',
    description: "The rolling diagnosis the estimator acts on and today's daily diagnosis (faults, warnings, 0–100 score).",
    params: DetectorParams,
    responses: {
      200: { description: 'Rolling and daily diagnosis.', schema: DetectorQuality },
      400: badInput,
      404: { description: 'Not in the network model.', schema: ApiError },
    },
  },
  getDetectorPrediction: {
    method: 'get',
    path: '/api/detectors/{id}/prediction',
    minRole: 'viewer',
    tag: 'indicators',
    summary: 'Latest prediction of a detector',
    description: 'Flow, speed and occupancy 5, 15, 30 and 60 minutes ahead with 80 % intervals, from the latest prediction step.',
    params: DetectorParams,
    responses: {
      200: { description: 'The latest forecasts; `forecasts` is null before the first prediction step.', schema: DetectorPredictionAnswer },
      400: badInput,
      404: { description: 'Not in the network model.', schema: ApiError },
    },
  },
  getDetectorPredictionHistory: {
    method: 'get',
    path: '/api/detectors/{id}/predictions',
    minRole: 'viewer',
    tag: 'indicators',
    summary: 'Stored predictions of a detector (replay)',
    description: 'The forecasts the processor made for the detector at one horizon and stored, with their 80 % intervals, over a range of issue times.',
    params: DetectorParams,
    query: DetectorPredictionHistoryQuery,
    responses: {
      200: { description: 'Forecasts by issue time (default the last hour).', schema: DetectorPredictionHistory },
      400: { ...badInput, description: `${badInput.description} Also when from ≥ to or the range is over ${MAX_PREDICTION_HISTORY_MS / 3_600_000} hours.` },
      404: { description: 'Not in the network model.', schema: ApiError },
      500: storageFailed,
      503: storageDown,
    },
  },
  getLinkPrediction: {
    method: 'get',
    path: '/api/links/{id}/prediction',
    minRole: 'viewer',
    tag: 'indicators',
    summary: 'Latest prediction of a link',
    description: 'Flow, speed and occupancy 5, 15, 30 and 60 minutes ahead with 80 % intervals, and the predicted GB/T 33171 level with its confidence.',
    params: LinkParams,
    responses: {
      200: { description: 'The latest forecasts; `forecasts` is null before the first prediction step.', schema: LinkPredictionAnswer },
      400: badInput,
      404: { description: 'Not in the network model.', schema: ApiError },
    },
  },
  login: {
    method: 'post',
    path: '/api/auth/login',
    minRole: 'public',
    tag: 'access',
    summary: 'Sign in',
    description: 'Checks a local user\'s password and answers a short-lived token. Repeated failures for one user name or from one address are refused with 429 for a while.',
    body: LoginRequest,
    responses: {
      200: { description: 'Signed in.', schema: AccessToken },
      400: badInput,
      401: { description: 'Unknown user, wrong password or disabled user (one answer for all three).', schema: ApiError },
      429: { description: 'Too many failed attempts; `Retry-After` says how many seconds to wait.', schema: ApiError },
    },
  },
  refreshToken: {
    method: 'post',
    path: '/api/auth/refresh',
    minRole: 'viewer',
    tag: 'access',
    summary: 'A new token for a valid one',
    description: 'The user is looked up again, so a disabled user or a changed role takes effect at the next refresh.',
    responses: { 200: { description: 'A fresh token.', schema: AccessToken } },
  },
  getCurrentUser: {
    method: 'get',
    path: '/api/auth/me',
    minRole: 'viewer',
    tag: 'access',
    summary: 'Who the token belongs to',
    responses: { 200: { description: 'Name, role and how they signed in.', schema: CurrentUser } },
  },
  listUsers: {
    method: 'get',
    path: '/api/users',
    minRole: 'admin',
    tag: 'access',
    summary: 'Local users',
    responses: { 200: { description: 'Every user, disabled ones included; never a password.', schema: UserList } },
  },
  createUser: {
    method: 'post',
    path: '/api/users',
    minRole: 'admin',
    tag: 'access',
    summary: 'Add a local user',
    body: CreateUserRequest,
    responses: {
      201: { description: 'Added; a generated password is answered once.', schema: CreatedUser },
      400: badInput,
      409: { description: 'An active user has that name.', schema: ApiError },
    },
  },
  setUserRole: {
    method: 'post',
    path: '/api/users/{name}/role',
    minRole: 'admin',
    tag: 'access',
    summary: 'Change a user\'s role',
    description: 'Applies at the user\'s next request: roles are read from the users file on every request, not from the token.',
    params: UserParams,
    body: SetRoleRequest,
    responses: {
      200: { description: 'The user with the new role.', schema: UserSummary },
      400: badInput,
      404: { description: 'No such user.', schema: ApiError },
    },
  },
  disableUser: {
    method: 'post',
    path: '/api/users/{name}/disable',
    minRole: 'admin',
    tag: 'access',
    summary: 'Disable a user',
    description: 'The user can no longer sign in or refresh, and tokens already issued are refused from the next request on (REST and new /ws connections).',
    params: UserParams,
    responses: {
      200: { description: 'The user, disabled.', schema: UserSummary },
      400: badInput,
      404: { description: 'No such user.', schema: ApiError },
    },
  },
  listSecurityAudit: {
    method: 'get',
    path: '/api/security-audit',
    minRole: 'engineer',
    tag: 'access',
    summary: 'Security audit log',
    description: 'Sign-ins, refused requests, overrides and plans posted, device and user changes: who, what, when, from where, outcome.',
    query: SecurityAuditQuery,
    responses: {
      200: { description: 'Events in [from, to), newest first (default the last 24 hours).', schema: SecurityAuditList },
      400: { ...badInput, description: `${badInput.description} Also when from ≥ to.` },
      500: storageFailed,
      503: storageDown,
    },
  },
} as const satisfies Record<string, ApiRoute>;

export type ApiOperationId = keyof typeof API_ROUTES;
