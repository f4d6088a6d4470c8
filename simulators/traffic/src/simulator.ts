/**
 * Runs the simulated field in real time (or faster) against a broker: the engine on a virtual clock that a
 * wall-clock timer moves forward at `speed` × real time, messages through a validating sink to the transport.
 */
import { parseNetworkModel, type NetworkModel } from '@arterial/contracts/network';
import { loadNetworkFile } from '@arterial/device-kit';
import { SimulationEngine } from './engine/simulation-engine';
import type { DeviceKind, DeviceMessage, DeviceMessageSink } from './engine/outbound-message';
import { ValidatingSink } from './engine/validating-sink';
import { createLogger, type Logger } from './logger';
import type { FaultRates } from './model/detector-faults';
import type { LaneClosure } from './model/incidents';
import { MqttTransport, type ConnectionLayout } from './transport/mqtt-transport';
import type { SimulatorTransport } from './transport/simulator-transport';

export interface SimulatorOptions {
  /** Broker URL, e.g. mqtt://127.0.0.1:1883; required unless a transport is given. */
  mqttUrl?: string;
  mqttUsername?: string;
  mqttPassword?: string;
  /** Network model, or the path of its file. */
  network: NetworkModel | string;
  /** Simulated seconds per wall-clock second (default 1). */
  speed?: number;
  seed?: number;
  /** Stop after this many simulated hours; runs until stop() otherwise. */
  hours?: number;
  /** Overrides every detector's aggregation interval, seconds. */
  detectorIntervalS?: number;
  /**
   * Simulated start, epoch ms. Default: now; but when running faster than real time for a fixed number of hours,
   * that many hours before now, so the run ends at the present and no timestamp lies in the future
   * (the centre rejects messages more than 5 minutes ahead of its clock).
   */
  startMs?: number;
  /** Local time offset for the demand profile (default 8, China Standard Time). */
  utcOffsetHours?: number;
  /** Lane closures (simulated time); one naming an unknown link fails the start. */
  incidents?: readonly LaneClosure[];
  /** Detector fault rates (default DEFAULT_FAULT_RATES; NO_FAULTS turns faults off). */
  faultRates?: FaultRates;
  connections?: ConnectionLayout;
  clientIdPrefix?: string;
  /** Replaces the MQTT adapter (tests, dry runs). */
  transport?: SimulatorTransport;
  logger?: Logger;
  /** Wall clock, epoch ms (default Date.now). */
  wallClock?: () => number;
  /** Wall-clock period of the driving timer (default 100 ms). */
  tickMs?: number;
  /** Wall-clock period of progress log lines (default 10 s). */
  progressEveryMs?: number;
  /** Simulated seconds without any plan message, while a centre plan runs, before a controller returns to its local plan (default 300). */
  centreSilenceS?: number;
  /** Simulated seconds without a broker connection, while a centre plan runs, before a controller returns to its local plan (default 60). */
  brokerLossS?: number;
}

export interface SimulatorStats {
  simTimeMs: number;
  published: Record<DeviceKind, number>;
  rejected: number;
  transport: { published: number; failed: number };
}

export interface RunningSimulator {
  /** Publishes every controller's offline status, then disconnects. Safe to call twice. */
  stop(): Promise<void>;
  /** Settles when the run ends: after --hours of simulated time, or after stop(). */
  finished: Promise<void>;
  stats(): SimulatorStats;
  readonly controllerCount: number;
  readonly detectorCount: number;
}

/** Most simulated time one timer tick may process, so a slow consumer shows up as lag instead of a frozen process. */
const MAX_SIM_MS_PER_TICK = 10 * 60_000;

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const logger = options.logger ?? createLogger();
  const wallClock = options.wallClock ?? Date.now;
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new Error(`speed must be positive, got ${speed}`);
  if (options.hours !== undefined && !(options.hours > 0)) throw new Error(`hours must be positive, got ${options.hours}`);
  const network = typeof options.network === 'string' ? await loadNetworkFile(options.network) : parseNetworkModel(options.network);
  const engine = new SimulationEngine(network, {
    seed: options.seed ?? 42,
    ...(options.detectorIntervalS !== undefined ? { detectorIntervalS: options.detectorIntervalS } : {}),
    ...(options.utcOffsetHours !== undefined ? { utcOffsetHours: options.utcOffsetHours } : {}),
    ...(options.incidents ? { incidents: options.incidents } : {}),
    ...(options.faultRates ? { faultRates: options.faultRates } : {}),
  }, {
    logger,
    centreLink: {
      ...(options.centreSilenceS !== undefined ? { centreSilenceS: options.centreSilenceS } : {}),
      ...(options.brokerLossS !== undefined ? { brokerLossS: options.brokerLossS } : {}),
    },
  });

  const wallStart = wallClock();
  const startMs = Math.round(options.startMs ?? defaultStartMs(wallStart, speed, options.hours));
  const endMs = options.hours === undefined ? undefined : startMs + options.hours * 3_600_000;
  for (const c of options.incidents ?? []) {
    if (c.endMs <= startMs || (endMs !== undefined && c.startMs >= endMs)) {
      logger.warn({ linkId: c.linkId, start: new Date(c.startMs).toISOString(), end: new Date(c.endMs).toISOString() }, 'incident lies outside the simulated period: it has no effect');
    }
  }
  if (speed > 1 && endMs === undefined) logger.warn({ speed }, 'running faster than real time without --hours: timestamps will run ahead of the wall clock');

  const transport = options.transport ?? mqttTransport(options, logger);
  const published: Record<DeviceKind, number> = { measurement: 0, state: 0, status: 0, 'plan-ack': 0, 'command-ack': 0 };
  const counting: DeviceMessageSink = {
    publish(message: DeviceMessage) {
      published[message.kind]++;
      transport.publish(message);
    },
  };
  const sink = new ValidatingSink(counting, (message, detail) => logger.error({ kind: message.kind, deviceId: message.deviceId, detail }, 'dropped an invalid outgoing message'));
  const simNow = (): number => engine.timeMs ?? startMs;

  let stopping: Promise<void> | undefined;
  // A persistent session may deliver plans and commands queued at the broker before the engine starts; they wait for it.
  let started = false;
  const early: (() => void)[] = [];
  const inbound =
    (what: 'plan' | 'command', handle: (id: string, topic: string, payload: Uint8Array) => void) =>
    (id: string, topic: string, payload: Uint8Array): void => {
      if (stopping) return;
      const run = (): void => {
        try {
          handle(id, topic, payload);
        } catch (err) {
          // One bad message must not take the whole field down; the controller keeps what it runs.
          logger.error({ err, controllerId: id }, `${what} handling failed`);
        }
      };
      if (started) run();
      else early.push(run);
    };
  const onPlan = inbound('plan', (id, topic, payload) => engine.receivePlan(id, topic, payload, sink));
  const onCommand = inbound('command', (id, topic, payload) => engine.receiveCommand(id, topic, payload, sink));
  await transport.open({
    controllerIds: engine.controllers.map((c) => c.id),
    lastWill: (id) => engine.status(id, startMs, false),
    onReconnect: (id) => {
      engine.setBrokerConnected(id, true);
      sink.publish({ kind: 'status', deviceId: id, payload: engine.status(id, simNow(), true) });
    },
    onConnectionLost: (id) => engine.setBrokerConnected(id, false),
    onPlan,
    onCommand,
  });
  engine.start(startMs, sink);
  started = true;
  for (const run of early.splice(0)) run();
  logger.info(
    { controllers: engine.controllers.length, detectors: engine.detectorCount, start: new Date(startMs).toISOString(), speed, hours: options.hours ?? null },
    'simulation started',
  );

  let resolveFinished: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  let lastProgressWall = wallStart;
  let lastProgressCount = 0;

  const stats = (): SimulatorStats => ({ simTimeMs: simNow(), published: { ...published }, rejected: sink.rejected, transport: transport.stats() });

  const progress = (wallNow: number): void => {
    const total = Object.values(published).reduce((a, b) => a + b, 0);
    const target = startMs + (wallNow - wallStart) * speed;
    logger.info(
      {
        simTime: new Date(simNow()).toISOString(),
        lagS: Math.max(0, Math.round((Math.min(target, endMs ?? target) - simNow()) / 1000)),
        messagesPerS: Math.round(((total - lastProgressCount) * 1000) / Math.max(1, wallNow - lastProgressWall)),
        published,
        rejected: sink.rejected,
        transport: transport.stats(),
      },
      'progress',
    );
    lastProgressWall = wallNow;
    lastProgressCount = total;
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(timer);
      const t = simNow();
      const offline: DeviceMessage[] = engine.controllers.map((c) => ({ kind: 'status', deviceId: c.id, payload: engine.status(c.id, t, false) }));
      try {
        await transport.close(offline);
        progress(wallClock());
        logger.info({ simTime: new Date(t).toISOString() }, 'simulation stopped');
      } finally {
        resolveFinished();
      }
    })();
    return stopping;
  };

  const timer = setInterval(() => {
    if (stopping) return;
    const wallNow = wallClock();
    const target = Math.min(startMs + (wallNow - wallStart) * speed, endMs ?? Number.POSITIVE_INFINITY, simNow() + MAX_SIM_MS_PER_TICK);
    try {
      engine.advanceTo(Math.floor(target), sink);
    } catch (err) {
      logger.error({ err }, 'simulation step failed; stopping');
      void stop();
      return;
    }
    if (wallNow - lastProgressWall >= (options.progressEveryMs ?? 10_000)) progress(wallNow);
    if (endMs !== undefined && simNow() >= endMs) {
      logger.info({ hours: options.hours }, 'simulated period complete');
      void stop();
    }
  }, options.tickMs ?? 100);

  return { stop, finished, stats, controllerCount: engine.controllers.length, detectorCount: engine.detectorCount };
}

function defaultStartMs(wallNowMs: number, speed: number, hours: number | undefined): number {
  return speed > 1 && hours !== undefined ? wallNowMs - hours * 3_600_000 : wallNowMs;
}

function mqttTransport(options: SimulatorOptions, logger: Logger): SimulatorTransport {
  if (!options.mqttUrl) throw new Error('mqttUrl is required when no transport is given');
  return new MqttTransport({
    url: options.mqttUrl,
    layout: options.connections ?? 'per-controller',
    clientIdPrefix: options.clientIdPrefix ?? 'arterial-sim',
    ...(options.mqttUsername ? { username: options.mqttUsername } : {}),
    ...(options.mqttPassword ? { password: options.mqttPassword } : {}),
    connectTimeoutMs: 30_000,
    logger,
  });
}
