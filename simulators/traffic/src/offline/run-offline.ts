/**
 * Runs the simulated field on a virtual clock without MQTT: as fast as the machine allows, or paced at a multiple
 * of real time. Every detector measurement goes into a SHA-256 digest (and optionally an NDJSON file), so two
 * runs are compared by one hash. Wall time is injected; the engine itself never reads a clock.
 */
import { createHash } from 'node:crypto';
import type { NetworkModel } from '@arterial/contracts/network';
import type { MessageSink, OutboundMessage } from '../engine/outbound-message';
import { SimulationEngine } from '../engine/simulation-engine';
import type { FaultRates } from '../model/detector-faults';
import type { LaneClosure } from '../model/incidents';
import type { TrafficStats } from '../model/traffic-model';

export interface OfflineRunOptions {
  network: NetworkModel;
  seed: number;
  startMs: number;
  hours: number;
  /** Simulated seconds per wall second; undefined runs as fast as possible. */
  speed?: number;
  incidents?: readonly LaneClosure[];
  faultRates?: FaultRates;
  detectorIntervalS?: number;
  utcOffsetHours?: number;
  /** Receives each detector measurement as one NDJSON line (with its newline). */
  writeLine?: (line: string) => void;
  /** Called every progressEveryPct of simulated time. */
  onProgress?: (p: OfflineProgress) => void;
  progressEveryPct?: number;
  /** Wall clock in ms (default performance.now). */
  wallClock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface OfflineProgress {
  pct: number;
  simTimeMs: number;
  wallS: number;
  measurements: number;
}

export interface OfflineSummary {
  network: string;
  seed: number;
  start: string;
  simulatedHours: number;
  wallSeconds: number;
  /** Simulated time over wall time. */
  speedUp: number;
  /** 'max' when run as fast as possible, else the requested pace. */
  pace: number | 'max';
  controllers: number;
  detectors: number;
  vehiclesEntered: number;
  vehiclesExited: number;
  vehiclesInNetworkAtEnd: number;
  /** Vehicle time in the network (Little's law) per vehicle that entered, s. */
  meanTravelTimeS: number;
  /** Time lost against free-flow speed per vehicle that entered, s. */
  meanDelayS: number;
  messages: Record<string, number>;
  detectorMessages: number;
  faultsInjected: TrafficStats['faultsInjected'];
  /** SHA-256 of every detector measurement line, in publication order. */
  detectorSha256: string;
}

/** Simulated time per pacing check; small enough that paced runs stay smooth. */
const CHUNK_MS = 10_000;

export async function runOffline(options: OfflineRunOptions): Promise<OfflineSummary> {
  const wallClock = options.wallClock ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  if (!(options.hours > 0)) throw new Error(`hours must be positive, got ${options.hours}`);
  if (options.speed !== undefined && !(options.speed > 0)) throw new Error(`speed must be positive, got ${options.speed}`);
  const engine = new SimulationEngine(options.network, {
    seed: options.seed,
    ...(options.incidents ? { incidents: options.incidents } : {}),
    ...(options.faultRates ? { faultRates: options.faultRates } : {}),
    ...(options.detectorIntervalS !== undefined ? { detectorIntervalS: options.detectorIntervalS } : {}),
    ...(options.utcOffsetHours !== undefined ? { utcOffsetHours: options.utcOffsetHours } : {}),
  });
  const hash = createHash('sha256');
  // Counted by kind, whatever kinds the engine sends (plan acknowledgements join with centre plans).
  const messages: Record<string, number> = { measurement: 0, state: 0, status: 0 };
  const sink: MessageSink = {
    publish(message: OutboundMessage) {
      messages[message.kind] = (messages[message.kind] ?? 0) + 1;
      if (message.kind !== 'measurement') return;
      const line = `${JSON.stringify({ detectorId: message.deviceId, ...message.payload })}\n`;
      hash.update(line);
      options.writeLine?.(line);
    },
  };

  const endMs = options.startMs + options.hours * 3_600_000;
  const wallStart = wallClock();
  const everyPct = options.progressEveryPct ?? 5;
  let nextPct = everyPct;
  engine.start(options.startMs, sink);
  for (let t = options.startMs; t < endMs; ) {
    t = Math.min(endMs, t + CHUNK_MS);
    engine.advanceTo(t, sink);
    const pct = (100 * (t - options.startMs)) / (endMs - options.startMs);
    if (pct >= nextPct || t === endMs) {
      options.onProgress?.({ pct, simTimeMs: t, wallS: (wallClock() - wallStart) / 1000, measurements: messages.measurement ?? 0 });
      while (nextPct <= pct) nextPct += everyPct;
    }
    if (options.speed !== undefined) {
      const aheadMs = (t - options.startMs) / options.speed - (wallClock() - wallStart);
      if (aheadMs > 0) await sleep(aheadMs);
    }
  }
  const wallSeconds = (wallClock() - wallStart) / 1000;
  const stats = engine.trafficStats();
  const entered = stats.enteredVeh;
  return {
    network: options.network.name,
    seed: options.seed,
    start: new Date(options.startMs).toISOString(),
    simulatedHours: options.hours,
    wallSeconds: round(wallSeconds, 3),
    speedUp: round((options.hours * 3600) / Math.max(wallSeconds, 1e-6), 1),
    pace: options.speed ?? 'max',
    controllers: engine.controllers.length,
    detectors: engine.detectorCount,
    vehiclesEntered: Math.round(entered),
    vehiclesExited: Math.round(stats.exitedVeh),
    vehiclesInNetworkAtEnd: Math.round(stats.onLinksVeh + stats.waitingToEnterVeh),
    meanTravelTimeS: entered > 0 ? round(stats.vehicleSeconds / entered, 1) : 0,
    meanDelayS: entered > 0 ? round(stats.delayVehicleSeconds / entered, 1) : 0,
    messages,
    detectorMessages: messages.measurement ?? 0,
    faultsInjected: stats.faultsInjected,
    detectorSha256: hash.digest('hex'),
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
