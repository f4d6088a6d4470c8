/** Whether the processor should receive traffic: a pure judgement over the health figures the capabilities keep. */
import type { BrokerHealth, HealthReport, ReadinessReport, StoreHealth } from '@arterial/contracts/api/v1';

/** Spooling beyond this share of the spool limit is no longer "within limits": data loss is near. */
export const SPOOL_READY_SHARE = 0.9;

export interface ReadinessInputs {
  broker: BrokerHealth;
  storage: StoreHealth;
  network: { intersections: number; detectors: number };
  pipelineRunning: boolean;
  /** Paused input keeps the processor ready (it is working as designed) but degraded, with the reason. */
  backpressure?: HealthReport['backpressure'];
}

type Check = ReadinessReport['checks']['broker'];

function brokerCheck(broker: BrokerHealth): Check {
  if (broker.embedded && !broker.embedded.listening) return { ok: false, detail: `embedded broker not listening on port ${broker.embedded.port}` };
  if (!broker.connected) return { ok: false, detail: `${broker.mode} broker session down${broker.lastError ? `: ${broker.lastError}` : ''}` };
  return { ok: true, detail: `${broker.mode} broker up at ${broker.url}` };
}

function storageCheck(storage: StoreHealth): Check {
  if (storage.reachable) return { ok: true, detail: 'InfluxDB reachable' };
  const { bytes, limitBytes } = storage.spool;
  const within = bytes < limitBytes * SPOOL_READY_SHARE;
  return { ok: within, detail: `InfluxDB unreachable; spool at ${bytes} of ${limitBytes} bytes${within ? '' : ' (nearly full)'}` };
}

function networkCheck({ intersections, detectors }: ReadinessInputs['network']): Check {
  const ok = intersections + detectors > 0;
  return { ok, detail: ok ? `${intersections} intersections, ${detectors} detectors` : 'network model is empty' };
}

export function assessReadiness(inputs: ReadinessInputs): ReadinessReport {
  const checks = {
    broker: brokerCheck(inputs.broker),
    storage: storageCheck(inputs.storage),
    network: networkCheck(inputs.network),
    pipeline: inputs.pipelineRunning ? { ok: true, detail: 'ingest running' } : { ok: false, detail: 'ingest pipeline not subscribed' },
  };
  const paused = inputs.backpressure?.state === 'paused';
  const degraded = paused ? `ingest paused by back-pressure, QoS 0 shed (${inputs.backpressure?.reason ?? 'backlog over its high-water mark'})` : undefined;
  return { ready: Object.values(checks).every((check) => check.ok), ...(degraded ? { degraded } : {}), checks };
}
