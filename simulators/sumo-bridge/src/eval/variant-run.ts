/**
 * One variant on one prepared scenario, start to finish: a processor of its own (embedded broker on a free port,
 * NDJSON store in the variant's folder, no HTTP, clock following the simulation) with the variant's strategy
 * (`CONTROL_STRATEGY`, 'off' for SUMO's own controllers), the bridge on that broker with the variant's program and
 * the shared seed, then the delay measures from the run's tripinfo. The platform variants run the real closed loop:
 * bridge → MQTT → processor → engine → dispatcher → MQTT → bridge.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NdjsonFileTimeSeriesStore, startProcessor, VirtualClock, type RunningProcessor } from '@arterial/processor';
import { startBridge, type BridgeSummary } from '../index';
import { delayMetricsOfTripinfoFile } from './delay-metrics';
import { isSumoVariant, type Variant } from './eval-control.options';
import type { VariantRun } from './eval-report';
import { EVAL_DETECTOR_INTERVAL_S, EVAL_MIN_GREEN_S, type PreparedScenario } from './eval-scenario';
import { followSimulationClock } from './simulation-clock';

export interface VariantRunOptions {
  scenario: PreparedScenario;
  variant: Variant;
  seed: number;
  /** Tag of its progress lines (default the variant's name). */
  label?: string;
  /** The variant's own folder (tripinfo, store, spool). */
  dir: string;
  /** Wall milliseconds between progress lines. */
  progressEveryMs?: number;
  progress: (line: string) => void;
  /** The bridge's per-green trace (NDJSON), when asked for (`--phase-trace`). */
  phaseTraceFile?: string;
}

export async function runVariant(o: VariantRunOptions): Promise<VariantRun> {
  fs.mkdirSync(o.dir, { recursive: true });
  const { window } = o.scenario;
  const durationS = window.endS - window.beginS;
  // The run ends now on the epoch (no timestamp in the future); the lights check plans on its simulated time.
  const startEpochMs = Math.floor((Date.now() - durationS * 1000) / 1000) * 1000;
  const clock = new VirtualClock(startEpochMs);
  const wallStart = Date.now();
  let processor: RunningProcessor | undefined;
  let lastBridgeLine = '';
  const outcomes = { rejectedBy: {} as Record<string, number>, plansExpired: 0 };
  const timer = setInterval(() => {
    const simS = window.beginS + Math.round((clock.now() - startEpochMs) / 1000);
    o.progress(`[${o.label ?? o.variant}] ${simS}/${window.endS} s simulated, ${((Date.now() - wallStart) / 1000).toFixed(0)} s wall; ${lastBridgeLine}`);
  }, o.progressEveryMs ?? 5000);
  try {
    processor = await startProcessor({
      // A private broker on 127.0.0.1 for this run only; the bridge connects without credentials.
      env: { CONTROL_STRATEGY: isSumoVariant(o.variant) ? 'off' : o.variant, NETWORK_FILE: o.scenario.networkFile, MQTT_ALLOW_ANONYMOUS: 'true' },
      config: {
        host: '127.0.0.1',
        mqttPort: 0,
        mqttUrl: undefined,
        mqttClientId: `eval-${o.variant}`,
        networkFile: o.scenario.networkFile,
        spoolDir: path.join(o.dir, 'spool'),
      },
      store: new NdjsonFileTimeSeriesStore(path.join(o.dir, 'store')),
      clock,
      http: false,
    });
    const follower = await followSimulationClock({ mqttUrl: processor.mqttUrl, intersectionId: o.scenario.intersections[0] ?? '', clock, clientId: `eval-${o.variant}-clock` });
    const tripinfoFile = path.join(o.dir, 'tripinfo.xml');
    let summary: BridgeSummary;
    try {
      const bridge = await startBridge({
        sumocfg: o.scenario.sumocfg,
        mqttUrl: processor.mqttUrl,
        beginS: window.beginS,
        endS: window.endS,
        seed: o.seed,
        tripinfoFile,
        // Vehicles due but never inserted count in the delay (delay-metrics.ts).
        writeUndeparted: true,
        // The processor plans on simulated time (simulation-clock.ts): the lights check validity on the same clock.
        controllerClock: 'simulation',
        program: isSumoVariant(o.variant) ? o.variant : 'platform',
        // Until its first plan a light runs its own program free actuated, as SUMO's actuated controller does from
        // the first second: otherwise the platform's variants pay for fixed-time minutes before the centre has data.
        localActuated: true,
        detectors: 'config',
        speed: 0,
        intervalS: EVAL_DETECTOR_INTERVAL_S,
        minGreenS: EVAL_MIN_GREEN_S,
        startEpochMs,
        clientIdPrefix: `eval-${o.variant}`,
        progressEveryS: 60,
        ...(o.phaseTraceFile ? { phaseTraceFile: o.phaseTraceFile } : {}),
        log: (line) => {
          lastBridgeLine = line;
        },
        onControllerEvent: (e) => {
          // The rule code leads the reason (`expired: …`, `cycle-mismatch: …`): counted so a report says why.
          if (e.kind === 'plan-ack' && !e.accepted) {
            const code = (e.reason ?? 'unknown').split(':')[0]!;
            outcomes.rejectedBy[code] = (outcomes.rejectedBy[code] ?? 0) + 1;
          }
          if (e.kind === 'plan-expired') outcomes.plansExpired++;
        },
      });
      summary = await bridge.done;
    } finally {
      await follower.stop();
    }
    const metrics = await delayMetricsOfTripinfoFile(tripinfoFile);
    return {
      ...metrics,
      plansSent: summary.plansAccepted + summary.plansRejected,
      plansRejected: summary.plansRejected,
      unsafe: summary.unsafe,
      phasesSkipped: summary.phasesSkipped,
      ...outcomes,
      wallS: Math.round((Date.now() - wallStart) / 100) / 10,
      simulatedS: summary.simulatedS,
    };
  } finally {
    clearInterval(timer);
    await processor?.close();
  }
}
