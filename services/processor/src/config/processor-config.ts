/** Process configuration from the environment (names fixed in DESIGN.md); one typed object injected everywhere. */
import * as os from 'node:os';
import * as path from 'node:path';
import type { BackpressureOptions } from '../backpressure/backpressure.options';
import { normaliseAddress } from '../auth/operators/client-address';
import { controlOptionsFromEnv, type ControlOptions } from '../control/engine/control-options';

export interface ProcessorConfig {
  /** TCP port of the embedded broker; ignored when mqttUrl is set. */
  mqttPort: number;
  /** External broker; when set, no embedded broker is started. */
  mqttUrl: string | undefined;
  mqttClientId: string;
  mqttUsername: string | undefined;
  mqttPassword: string | undefined;
  /** Embedded broker access: credentials, topic rules and limits (docs/security.md). */
  mqttAccess: MqttAccessConfig;
  httpPort: number;
  /** Address the HTTP and embedded MQTT servers bind to. */
  host: string;
  influxUrl: string;
  influxDb: string;
  /** 'v1' (/write + /query, works on 1.x and on 2.x/3.x compatibility endpoints), 'v2' (/api/v2/write), or 'auto'. */
  influxApi: 'v1' | 'v2' | 'auto';
  influxToken: string | undefined;
  influxUsername: string | undefined;
  influxPassword: string | undefined;
  influxOrg: string | undefined;
  influxBucket: string | undefined;
  spoolDir: string;
  spoolMaxBytes: number;
  /**
   * WAL_DIR: the inbound write-ahead log (docs/storage.md, "Durable acknowledgement"; fsynced before PUBACK behind the
   * embedded broker, written before PUBACK behind an external one); default
   * data/wal, or `<SPOOL_DIR>/wal` when only SPOOL_DIR is set (a private spool gets a private log). `off` disables it.
   */
  walDir: string | undefined;
  networkFile: string;
  webDir: string;
  /**
   * ESTIMATION_PERIOD_S: length of an estimation step (estimates, KPIs, the engine's demand), default 60. Steps fall on
   * whole multiples of it; it should be a whole multiple of the detectors' reporting interval.
   */
  estimationPeriodMs?: number;
  /** Alert tuning; anything left out takes the defaults in alerts/alerts.options.ts. */
  alerts?: Partial<AlertsConfig>;
  /** Plan and command delivery tuning (ack timeout, retries); defaults in control/plan-delivery.ts. Set by tests. */
  planDelivery?: Partial<{ ackTimeoutMs: number; retries: number; maxWaitMs: number; pollMs: number; recordOnly: boolean }>;
  /** Back-pressure water marks and sampling; defaults in backpressure/backpressure.options.ts. Set by tests. */
  backpressure?: Partial<BackpressureOptions>;
  /** Which adaptive strategy plans which junction (CONTROL_STRATEGY, default off); per processor, so several can share a process. */
  control: ControlOptions;
  /** Several instances behind one external broker (docs/cluster.md); optional so existing callers keep one instance. */
  cluster?: ClusterConfig;
  /** Who may use REST and /ws (docs/security.md, "Operator access"). */
  operatorAccess: OperatorAccessConfig;
}

/** Operator sign-in, tokens and browser policy (docs/security.md, "Operator access"). */
export interface OperatorAccessConfig {
  /** API_ALLOW_ANONYMOUS=true: requests without a token act as admin (development and tests only; logged loudly). */
  allowAnonymous: boolean;
  /** USER_REGISTRY_FILE, default data/users.json. */
  userRegistryFile: string;
  /** API_TOKEN_SECRET: the HS256 key; otherwise read from (or generated once into) API_TOKEN_SECRET_FILE, default data/token-secret. */
  tokenSecret: string | undefined;
  tokenSecretFile: string;
  /** API_TOKEN_TTL_S, default 900. */
  tokenTtlS: number;
  /** API_CORS_ORIGINS: comma-separated origins allowed cross-origin; empty: same origin only. */
  corsOrigins: string[];
  /** OIDC_ISSUER (+ OIDC_AUDIENCE, OIDC_ROLE_CLAIM): bearer tokens of that provider are accepted too. */
  oidc: { issuer: string; audience: string | undefined; roleClaim: string } | undefined;
  /**
   * API_TRUSTED_PROXIES: comma-separated addresses of reverse proxies in front of the processor; a request from one of
   * them is attributed to the client X-Forwarded-For names (auth/operators/client-address.ts). Empty: the socket peer.
   */
  trustedProxies: string[];
}

/** Scale-out and high availability (docs/cluster.md). */
export interface ClusterConfig {
  /** INSTANCE_ID (default the host name): names this instance in etcd, health and metrics, and its MQTT client id. */
  instanceId: string;
  /**
   * MQTT_SHARED_GROUP: the shared-subscription group with MQTT_URL; `arterial` when ETCD_URLS is set and it is not.
   * Unset without etcd (or empty): plain subscriptions over MQTT 3.1.1, one instance, exactly as before clustering.
   */
  sharedGroup: string | undefined;
  /** MQTT_SESSION_EXPIRY_S (default one day): how long the broker keeps an absent instance's session. */
  sessionExpiryS: number;
  /** ETCD_URLS (comma-separated): junction ownership by leases in etcd; unset: this instance owns every junction. */
  etcdUrls: string[];
  /** CLUSTER_LEASE_TTL_S (default 10): a dead instance's junctions move after at most this long. */
  leaseTtlS: number;
}

/** Who may use the embedded broker, and how much (docs/security.md). */
export interface MqttAccessConfig {
  /** MQTT_ALLOW_ANONYMOUS=true: clients without credentials may do anything (development only; logged loudly). */
  allowAnonymous: boolean;
  /** DEVICE_REGISTRY_FILE, default data/devices.json. */
  registryFile: string;
  /** MQTT_MAX_PAYLOAD_BYTES: largest payload a device may publish. */
  maxPayloadBytes: number;
  /** MQTT_DEVICE_RATE_PER_S and MQTT_DEVICE_BURST: token bucket per device (a gateway's scales with what it owns). */
  ratePerS: number;
  burst: number;
  /** MQTT_MAX_CLIENTS: connections beyond this are closed at once. */
  maxClients: number;
  /** MQTT_TLS_PORT (default 8883), listening only when MQTT_TLS_CERT and MQTT_TLS_KEY name PEM files. */
  tls: { port: number; certFile: string; keyFile: string; caFile: string | undefined; requireClientCert: boolean } | undefined;
}

/** Tuning of alert sources and of the alert lifecycle (docs/alerts.md). */
export interface AlertsConfig {
  /** An ended condition clears its alert after staying away this long (ALERT_CLEAR_HOLD_S). */
  clearHoldMs: number;
  /** After a clear, the same alert cannot be raised again for this long (ALERT_RERAISE_WINDOW_S). */
  reRaiseWindowMs: number;
  /** How often holds, windows and silences are checked. */
  tickMs: number;
  /** A controller heard before and silent this long is offline (CONTROLLER_SILENT_S). */
  controllerSilentMs: number;
  /** Consecutive `health: failed` intervals that make a detector fault. */
  detectorFailedIntervals: number;
  /** Missed intervals beyond which a detector's data completeness is low. */
  completenessMissedIntervals: number;
  /** Lowest GB/T 33171 level (1–5) that counts as congested. */
  congestedLevel: 1 | 2 | 3 | 4 | 5;
  /** Least confidence of a forecast that raises predicted congestion. */
  predictedMinConfidence: number;
  /** Consecutive estimation steps at ≥ congestedLevel before congestion is raised (and at level 5 before it turns critical). */
  congestionRaiseSteps: number;
  /** Consecutive estimation steps at ≤ congestedLevel − 1 (or ungradable) before congestion ends (then clearHoldMs). */
  congestionClearSteps: number;
  /** Consecutive prediction steps with a confident congested forecast before predicted congestion is raised. */
  predictedRaiseSteps: number;
  /** Consecutive prediction steps without one before predicted congestion ends (then clearHoldMs). */
  predictedClearSteps: number;
  /** Consecutive measurements with health `degraded` (or worse) that make a detector fault; 0 disables. */
  detectorDegradedIntervals: number;
  /** Quality diagnosis codes (`dead`, `stuck-on`, `chattering`, …) that make a detector fault; empty: none. */
  diagnosisFaultCodes: string[];
  /** Consecutive estimation steps a diagnosis code must be present to raise (and absent to end). */
  diagnosisSteps: number;
}

export const PROCESSOR_CONFIG = Symbol('PROCESSOR_CONFIG');

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/** Every environment variable the processor reads (docker-compose.yml is checked against this list). */
export const CONFIG_ENV_VARS = [
  'MQTT_PORT', 'MQTT_URL', 'MQTT_CLIENT_ID', 'MQTT_USERNAME', 'MQTT_PASSWORD', 'HTTP_PORT', 'HOST',
  'INFLUX_URL', 'INFLUX_DB', 'INFLUX_API', 'INFLUX_TOKEN', 'INFLUX_USERNAME', 'INFLUX_PASSWORD', 'INFLUX_ORG', 'INFLUX_BUCKET',
  'SPOOL_DIR', 'SPOOL_MAX_BYTES', 'WAL_DIR', 'NETWORK_FILE', 'WEB_DIR', 'LOG_LEVEL', 'ESTIMATION_PERIOD_S',
  'ALERT_CLEAR_HOLD_S', 'ALERT_RERAISE_WINDOW_S', 'CONTROLLER_SILENT_S',
  'CONTROL_STRATEGY', 'CONTROL_STRATEGY_PER_INTERSECTION', 'CONTROL_REPLAN_EVERY_CYCLES', 'CONTROL_KEEP_ALIVE_S',
  'MQTT_ALLOW_ANONYMOUS', 'DEVICE_REGISTRY_FILE', 'MQTT_MAX_PAYLOAD_BYTES', 'MQTT_DEVICE_RATE_PER_S', 'MQTT_DEVICE_BURST', 'MQTT_MAX_CLIENTS',
  'MQTT_TLS_PORT', 'MQTT_TLS_CERT', 'MQTT_TLS_KEY', 'MQTT_TLS_CA', 'MQTT_TLS_REQUIRE_CLIENT_CERT',
  'INSTANCE_ID', 'MQTT_SHARED_GROUP', 'MQTT_SESSION_EXPIRY_S', 'ETCD_URLS', 'CLUSTER_LEASE_TTL_S',
  'API_ALLOW_ANONYMOUS', 'USER_REGISTRY_FILE', 'API_TOKEN_SECRET', 'API_TOKEN_SECRET_FILE', 'API_TOKEN_TTL_S', 'API_CORS_ORIGINS', 'API_TRUSTED_PROXIES',
  'OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_ROLE_CLAIM',
] as const;
export type ConfigEnvVar = (typeof CONFIG_ENV_VARS)[number];

type Env = Partial<Record<ConfigEnvVar, string>>;

function intFrom(env: Env, name: ConfigEnvVar, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}

function estimationPeriodMsFrom(env: Env): number {
  const seconds = intFrom(env, 'ESTIMATION_PERIOD_S', 60);
  if (seconds < 1 || seconds > 3600) throw new Error(`ESTIMATION_PERIOD_S must be 1–3600 seconds, got ${seconds}`);
  return seconds * 1000;
}

/** Only what the environment sets, so defaults stay in one place (alerts/alerts.options.ts). */
function alertsFromEnv(env: Env): Partial<AlertsConfig> {
  const alerts: Partial<AlertsConfig> = {};
  if (env.ALERT_CLEAR_HOLD_S) alerts.clearHoldMs = intFrom(env, 'ALERT_CLEAR_HOLD_S', 0) * 1000;
  if (env.ALERT_RERAISE_WINDOW_S) alerts.reRaiseWindowMs = intFrom(env, 'ALERT_RERAISE_WINDOW_S', 0) * 1000;
  if (env.CONTROLLER_SILENT_S) alerts.controllerSilentMs = intFrom(env, 'CONTROLLER_SILENT_S', 0) * 1000;
  return alerts;
}

function boolFrom(env: Env, name: ConfigEnvVar): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new Error(`${name} must be true or false, got ${JSON.stringify(env[name])}`);
}

function mqttAccessFromEnv(env: Env): MqttAccessConfig {
  const certFile = env.MQTT_TLS_CERT || undefined;
  const keyFile = env.MQTT_TLS_KEY || undefined;
  if (Boolean(certFile) !== Boolean(keyFile)) throw new Error('MQTT_TLS_CERT and MQTT_TLS_KEY go together');
  const requireClientCert = boolFrom(env, 'MQTT_TLS_REQUIRE_CLIENT_CERT');
  if (requireClientCert && !env.MQTT_TLS_CA) throw new Error('MQTT_TLS_REQUIRE_CLIENT_CERT needs MQTT_TLS_CA to verify client certificates');
  return {
    allowAnonymous: boolFrom(env, 'MQTT_ALLOW_ANONYMOUS'),
    registryFile: env.DEVICE_REGISTRY_FILE || path.join(repoRoot, 'data', 'devices.json'),
    maxPayloadBytes: intFrom(env, 'MQTT_MAX_PAYLOAD_BYTES', 64 * 1024),
    ratePerS: intFrom(env, 'MQTT_DEVICE_RATE_PER_S', 20),
    burst: intFrom(env, 'MQTT_DEVICE_BURST', 100),
    maxClients: intFrom(env, 'MQTT_MAX_CLIENTS', 10_000),
    tls:
      certFile && keyFile
        ? { port: intFrom(env, 'MQTT_TLS_PORT', 8883), certFile, keyFile, caFile: env.MQTT_TLS_CA || undefined, requireClientCert }
        : undefined,
  };
}

function clusterFromEnv(env: Env): ClusterConfig {
  const instanceId = env.INSTANCE_ID || os.hostname();
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(instanceId)) throw new Error(`INSTANCE_ID must be 1-64 of [A-Za-z0-9_.-], got ${JSON.stringify(instanceId)}`);
  const leaseTtlS = intFrom(env, 'CLUSTER_LEASE_TTL_S', 10);
  if (leaseTtlS < 2) throw new Error('CLUSTER_LEASE_TTL_S must be at least 2');
  const etcdUrls = (env.ETCD_URLS ?? '').split(',').map((u) => u.trim()).filter((u) => u !== '');
  return {
    instanceId,
    sharedGroup: env.MQTT_SHARED_GROUP === undefined ? (etcdUrls.length > 0 ? 'arterial' : undefined) : env.MQTT_SHARED_GROUP || undefined,
    sessionExpiryS: intFrom(env, 'MQTT_SESSION_EXPIRY_S', 24 * 3600),
    etcdUrls,
    leaseTtlS,
  };
}

function operatorAccessFromEnv(env: Env): OperatorAccessConfig {
  const tokenTtlS = intFrom(env, 'API_TOKEN_TTL_S', 900);
  if (tokenTtlS < 1) throw new Error('API_TOKEN_TTL_S must be at least 1');
  const secret = env.API_TOKEN_SECRET || undefined;
  if (secret !== undefined && Buffer.byteLength(secret) < 32) throw new Error('API_TOKEN_SECRET must be at least 32 bytes (an HS256 key)');
  return {
    allowAnonymous: boolFrom(env, 'API_ALLOW_ANONYMOUS'),
    userRegistryFile: env.USER_REGISTRY_FILE || path.join(repoRoot, 'data', 'users.json'),
    tokenSecret: secret,
    tokenSecretFile: env.API_TOKEN_SECRET_FILE || path.join(repoRoot, 'data', 'token-secret'),
    tokenTtlS,
    corsOrigins: (env.API_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter((o) => o !== ''),
    oidc: env.OIDC_ISSUER ? { issuer: env.OIDC_ISSUER, audience: env.OIDC_AUDIENCE || undefined, roleClaim: env.OIDC_ROLE_CLAIM || 'roles' } : undefined,
    trustedProxies: (env.API_TRUSTED_PROXIES ?? '').split(',').map((a) => normaliseAddress(a)).filter((a) => a !== ''),
  };
}

function walDirFrom(env: Env, spoolDir: string | undefined): string | undefined {
  const raw = env.WAL_DIR?.trim();
  if (raw === 'off') return undefined;
  if (raw) return raw;
  return spoolDir ? path.join(spoolDir, 'wal') : path.join(repoRoot, 'data', 'wal');
}

export function loadConfig(env: Env = process.env as Env, overrides: Partial<ProcessorConfig> = {}): ProcessorConfig {
  const influxApi = (env.INFLUX_API ?? 'auto') as ProcessorConfig['influxApi'];
  if (!['v1', 'v2', 'auto'].includes(influxApi)) throw new Error(`INFLUX_API must be v1, v2 or auto, got ${JSON.stringify(influxApi)}`);
  return {
    mqttPort: intFrom(env, 'MQTT_PORT', 1883),
    mqttUrl: env.MQTT_URL || undefined,
    // A stable id per instance: each keeps its own persistent session (and share of the group's queue).
    mqttClientId: env.MQTT_CLIENT_ID ?? (env.INSTANCE_ID ? `arterial-processor-${env.INSTANCE_ID}` : 'arterial-processor'),
    mqttUsername: env.MQTT_USERNAME || undefined,
    mqttPassword: env.MQTT_PASSWORD || undefined,
    mqttAccess: mqttAccessFromEnv(env),
    httpPort: intFrom(env, 'HTTP_PORT', 8080),
    host: env.HOST ?? '0.0.0.0',
    influxUrl: env.INFLUX_URL ?? 'http://127.0.0.1:8086',
    influxDb: env.INFLUX_DB ?? 'arterial',
    influxApi,
    influxToken: env.INFLUX_TOKEN || undefined,
    influxUsername: env.INFLUX_USERNAME || undefined,
    influxPassword: env.INFLUX_PASSWORD || undefined,
    influxOrg: env.INFLUX_ORG || undefined,
    influxBucket: env.INFLUX_BUCKET || undefined,
    spoolDir: env.SPOOL_DIR ?? path.join(repoRoot, 'data', 'spool'),
    spoolMaxBytes: intFrom(env, 'SPOOL_MAX_BYTES', 512 * 1024 * 1024),
    walDir: walDirFrom(env, overrides.spoolDir ?? env.SPOOL_DIR),
    networkFile: env.NETWORK_FILE ?? path.join(repoRoot, 'firmware-contracts', 'networks', 'demo.geojson'),
    webDir: env.WEB_DIR ?? path.join(repoRoot, 'web', 'dist'),
    ...(env.ESTIMATION_PERIOD_S ? { estimationPeriodMs: estimationPeriodMsFrom(env) } : {}),
    alerts: alertsFromEnv(env),
    control: controlOptionsFromEnv(env),
    cluster: clusterFromEnv(env),
    operatorAccess: operatorAccessFromEnv(env),
    ...overrides,
  };
}
