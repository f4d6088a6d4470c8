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
import { LinkEstimateAnswer, LinkParams } from './estimates.schema';
import { KpiSeries, KpisQuery } from './kpis.schema';
import { DetectorQuality } from './quality.schema';
import { HealthReport, LivenessReport, ReadinessReport } from './health.schema';
import { IntersectionDetail, IntersectionParams } from './intersections.schema';
import { DispatchedPlan, PlanList, PlanRequest } from './plans.schema';
import { Override, OverrideList, OverrideRequest } from './overrides.schema';
import { AuditList, AuditQuery } from './audit.schema';
import { DetectorPredictionAnswer, LinkPredictionAnswer } from './predictions.schema';

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
    tag: 'network',
    summary: 'The network model',
    description: 'GeoJSON FeatureCollection of links, intersections and detectors (format `arterial-network`, version 1).',
    responses: { 200: { description: 'The network model.', schema: NetworkModel, contentType: 'application/geo+json' } },
  },
  getDetectorSeries: {
    method: 'get',
    path: '/api/detectors/{id}/series',
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
    tag: 'control',
    summary: 'Override a junction (force a plan, hold a phase, flash) or resume adaptive control',
    description:
      'While an override is active the adaptive engine leaves the junction alone. A forced plan passes the safety rules like any plan; ' +
      'a held phase or flash is sent as a controller command. `resume-adaptive` ends the active override. The actor comes from the ' +
      '`X-Arterial-Actor` header, else the body, else `operator`; every step is audited.',
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
  getLinkEstimate: {
    method: 'get',
    path: '/api/links/{id}/estimate',
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
  getDetectorQuality: {
    method: 'get',
    path: '/api/detectors/{id}/quality',
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
  getLinkPrediction: {
    method: 'get',
    path: '/api/links/{id}/prediction',
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
} as const satisfies Record<string, ApiRoute>;

export type ApiOperationId = keyof typeof API_ROUTES;
