/**
 * Runs one SUMO simulation as a fleet of Arterial devices: loops publish measurements, traffic lights act as
 * controllers. Steps as fast as possible or paced at `speed` times real time; ends with SUMO's outcome measures.
 * The parts: the SUMO session (sumo-session.ts), the devices on the broker (loop-publisher.ts, traffic-lights.ts,
 * on the device kit's MQTT connection), the batched step readings (step-readings.ts) and the step loop
 * (step-loop.ts); this module wires them and assembles the summary.
 */
import { ContractPublisher, MqttDeviceTransport, partitionDeviceIds, type MqttDeviceConnection } from '@arterial/device-kit';
import type { ControllerEvent } from './controller-bridge';
import { LoopPublisher } from './loop-publisher';
import { type StepQueries, stepQueries } from './step-readings';
import { runSteps, type StepLoopResult } from './step-loop';
import { openSumoSession, type SumoSession } from './sumo-session';
import { TrafficLights } from './traffic-lights';
import type { TraciClient } from './traci/traci-client';
import type { TripSummary } from './tripinfo-summary';

export interface BridgeOptions {
  sumocfg: string;
  mqttUrl: string;
  /** Simulated seconds to run (from the configuration's begin). */
  seconds: number;
  /** 0: as fast as possible; n: n times real time. */
  speed?: number;
  /** Measurement interval of every loop, seconds. */
  intervalS?: number;
  /** Epoch ms of simulation time 0; default puts the whole run in the past, so no timestamp is in the future. */
  startEpochMs?: number;
  minGreenS?: number;
  clientIdPrefix?: string;
  /** Progress line every this many simulated seconds (0: none). */
  progressEveryS?: number;
  log?: (line: string) => void;
  onControllerEvent?: (event: ControllerEvent) => void;
}

export interface BridgeSummary {
  steps: number;
  simulatedS: number;
  wallS: number;
  stepsPerS: number;
  detectors: number;
  controllers: number;
  measurementsPublished: number;
  statesPublished: number;
  plansAccepted: number;
  plansRejected: number;
  plansApplied: number;
  departed: number;
  arrived: number;
  tripinfo: TripSummary;
}

export interface RunningBridge {
  traci: TraciClient;
  detectorIds: string[];
  controllerIds: string[];
  /** Resolves when the run ends (time reached, demand exhausted, or stop()). */
  done: Promise<BridgeSummary>;
  stop(): Promise<BridgeSummary>;
}

/** How long each device connection may take to come up. */
const CONNECT_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 10_000;

/** The devices of one run on the broker. */
interface Devices {
  loops: LoopPublisher;
  lights: TrafficLights;
  detectorConnection: MqttDeviceConnection;
  events: { accepted: number; rejected: number; applied: number };
  queries: StepQueries;
  controllerIds: string[];
}

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const log = options.log ?? (() => undefined);
  const session = await openSumoSession(options.sumocfg, log);
  let devices: Devices;
  try {
    devices = await connectDevices(session.traci, options, log);
  } catch (err) {
    await session.close({ endedBySumo: false, simulatedS: 0 });
    throw err;
  }
  log(`${devices.loops.ids.length} induction loops, ${devices.controllerIds.length} traffic lights; simulating ${options.seconds} s from t=${session.beginS}`);

  let stopping = false;
  const wallStart = Date.now();
  const totals = { arrived: 0, departed: 0 };
  const running = runSteps({
    traci: session.traci,
    beginS: session.beginS,
    endS: session.beginS + options.seconds,
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
    shouldStop: () => stopping,
    log,
    onStep: stepHandler(session, devices, options, totals, wallStart, log),
  });
  const done = running.then(
    (result) => finish(session, devices, result, totals, wallStart),
    async (err: unknown) => {
      await finish(session, devices, { steps: 0, simS: session.beginS, endedBySumo: false }, totals, wallStart).catch(() => undefined);
      throw err instanceof Error ? err : new Error(String(err));
    },
  );
  return {
    traci: session.traci,
    detectorIds: devices.loops.ids,
    controllerIds: devices.controllerIds,
    done,
    async stop() {
      stopping = true;
      await running.catch(() => undefined);
      return done;
    },
  };
}

/** The loops on one shared connection and every light on its own, checked against the contract's id grammar. */
async function connectDevices(traci: TraciClient, options: BridgeOptions, log: (line: string) => void): Promise<Devices> {
  const prefix = options.clientIdPrefix ?? `sumo-${process.pid}`;
  const devices = new MqttDeviceTransport({ url: options.mqttUrl, retry: {}, queueWhileOffline: true });
  const loopIds = partitionDeviceIds(await traci.inductionLoopIds());
  const lightIds = partitionDeviceIds(await traci.trafficLightIds());
  const skipped = [...loopIds.skipped, ...lightIds.skipped];
  if (skipped.length > 0) log(`skipped ${skipped.length} loops or lights whose ids are outside [A-Za-z0-9_-]{1,64}: ${skipped.slice(0, 5).join(', ')}`);

  const detectorConnection = devices.create({ clientId: `${prefix}-detectors` }, { onConnect: () => undefined, onClose: () => undefined });
  detectorConnection.connect();
  await detectorConnection.ready(CONNECT_TIMEOUT_MS).catch((err: unknown) => {
    detectorConnection.destroy();
    throw err;
  });
  const loops = new LoopPublisher(loopIds.valid, new ContractPublisher(detectorConnection), options.intervalS ?? 60);

  const events = { accepted: 0, rejected: 0, applied: 0 };
  const onEvent = (e: ControllerEvent): void => {
    if (e.kind === 'plan-ack') events[e.accepted ? 'accepted' : 'rejected']++;
    if (e.kind === 'plan-applied') events.applied++;
    options.onControllerEvent?.(e);
  };
  let lights: TrafficLights;
  try {
    lights = await TrafficLights.start(traci, lightIds.valid, { devices, clientIdPrefix: prefix, connectTimeoutMs: CONNECT_TIMEOUT_MS, minGreenS: options.minGreenS ?? 5, onEvent });
  } catch (err) {
    await detectorConnection.end(CLOSE_TIMEOUT_MS);
    throw err;
  }
  return { loops, lights, detectorConnection, events, queries: stepQueries(loopIds.valid, lightIds.valid), controllerIds: lightIds.valid };
}

/** Per step: one batched read, loop aggregation, measurements at interval ends, every light's step, progress. */
function stepHandler(
  session: SumoSession,
  devices: Devices,
  options: BridgeOptions,
  totals: { arrived: number; departed: number },
  wallStart: number,
  log: (line: string) => void,
): (simS: number, steps: number) => Promise<void> {
  // Whole seconds by default, so cycle boundaries (whole simulation seconds) can meet coordinated offsets exactly.
  const startEpochMs = options.startEpochMs ?? Math.floor((Date.now() - options.seconds * 1000) / 1000) * 1000;
  const tsOf = (simS: number): number => Math.round(startEpochMs + simS * 1000);
  const { loops, lights, queries } = devices;
  return async (simS, steps) => {
    const readings = queries.read(await session.traci.getMany(queries.gets));
    totals.arrived += readings.arrived;
    totals.departed += readings.departed;
    loops.addStep(readings.loops);
    const ts = tsOf(simS);
    const pending = (simS - session.beginS) % loops.intervalS === 0 ? loops.publishInterval(ts) : [];
    // Lights run concurrently: their rare TraCI calls are serialised by the client, their publishes overlap.
    pending.push(...lights.controllers.map((c, i) => c.onStep(simS, ts, readings.lights[i]!)));
    await Promise.all(pending);
    if (options.progressEveryS && (simS - session.beginS) % options.progressEveryS === 0) {
      const wallS = (Date.now() - wallStart) / 1000;
      log(`t=${simS}s steps=${steps} ${(steps / Math.max(wallS, 1e-3)).toFixed(0)} steps/s arrived=${totals.arrived} measurements=${loops.measurements}`);
    }
  };
}

/** Lights offline, connections closed cleanly, SUMO ended; then the summary with SUMO's own outcome measures. */
async function finish(session: SumoSession, devices: Devices, run: StepLoopResult, totals: { arrived: number; departed: number }, wallStart: number): Promise<BridgeSummary> {
  const wallS = (Date.now() - wallStart) / 1000;
  await devices.lights.stop();
  await devices.detectorConnection.end(CLOSE_TIMEOUT_MS);
  const simulatedS = run.simS - session.beginS;
  const tripinfo = await session.close({ endedBySumo: run.endedBySumo, simulatedS });
  return {
    steps: run.steps,
    simulatedS,
    wallS: Math.round(wallS * 100) / 100,
    stepsPerS: Math.round(run.steps / Math.max(wallS, 1e-3)),
    detectors: devices.loops.ids.length,
    controllers: devices.controllerIds.length,
    measurementsPublished: devices.loops.measurements,
    statesPublished: devices.lights.statesPublished,
    plansAccepted: devices.events.accepted,
    plansRejected: devices.events.rejected,
    plansApplied: devices.events.applied,
    departed: totals.departed,
    arrived: totals.arrived,
    tripinfo,
  };
}
