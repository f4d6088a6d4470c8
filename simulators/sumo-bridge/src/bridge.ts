/**
 * Runs one SUMO simulation as a fleet of Arterial devices: loops publish measurements, traffic lights act as
 * controllers. Steps as fast as possible or paced at `speed` times real time; ends with SUMO's outcome measures.
 * The parts: what is decided before SUMO starts (run-setup.ts: time window, placed detectors, SUMO's built-in
 * controllers), the SUMO session (sumo-session.ts), the devices on the broker (loop-publisher.ts, traffic-lights.ts,
 * on the device kit's MQTT connection), the batched step readings (step-readings.ts) and the step loop
 * (step-loop.ts); this module wires them and assembles the summary.
 */
import * as fs from 'node:fs';
import { ContractPublisher, MqttDeviceTransport, partitionDeviceIds, type MqttDeviceConnection } from '@arterial/device-kit';
import { actuationDetectors } from './actuation-detectors';
import type { Violation } from './conflict-monitor';
import { type ControllerClock, type ControllerClockKind, controllerClockOf } from './controller-clock';
import type { ControllerEvent } from './controller-bridge';
import type { DetectorMode } from './detector-placement';
import { LoopPublisher } from './loop-publisher';
import { epochMappingOf, type RunWindow } from './run-window';
import { prepareRun } from './run-setup';
import { type StepDetector, type StepQueries, stepQueries } from './step-readings';
import { runSteps, type StepLoopResult } from './step-loop';
import { makeRunDir, openSumoSession, type SumoSession } from './sumo-session';
import { readSumoNet } from './sumo-net';
import { netFileOfConfig } from './sumo-config';
import type { ControlProgram } from './sumo-programs';
import { TrafficLights } from './traffic-lights';
import type { TraciClient } from './traci/traci-client';
import type { TripSummary } from './tripinfo-summary';

export interface BridgeOptions {
  sumocfg: string;
  mqttUrl: string;
  /** Credentials of a registered device (a gateway owning every light and loop) when the broker requires them. */
  mqttCredentials?: { username?: string; password?: string };
  /** Simulated seconds to run from the begin; wins over `endS`. Neither: the configuration's end (else 600 s). */
  seconds?: number;
  /** Simulation begin, seconds (SUMO's `--begin`); default the configuration's, else 0. */
  beginS?: number;
  /** Simulation end, seconds (SUMO's `--end`); default the configuration's. */
  endS?: number;
  /** SUMO's random seed (`--seed`): the same seed gives the same run for every control variant. */
  seed?: number;
  /** Keep SUMO's tripinfo (with unfinished trips) here; default a temporary file, summarised and removed. */
  tripinfoFile?: string;
  /**
   * Also write tripinfo for vehicles due in the window but never inserted (`--tripinfo-output.write-undeparted`,
   * `depart="-1"`); the summary then counts them among `unfinished`. Default false.
   */
  writeUndeparted?: boolean;
  /**
   * The lights' clock for plan and command validity, CENTRE_SILENT and status (controller-clock.ts): `wall`
   * (default, a live centre on the wall clock) or `simulation` (the run's epoch time, for a centre planning on
   * simulated time).
   */
  controllerClock?: ControllerClockKind;
  /** Who controls the lights: the platform's plans (default), or SUMO's own controller of that type (observe only). */
  program?: ControlProgram;
  /** `auto` (default): place loops on controlled lanes without detectors; `config`: only the configuration's; `none`. */
  detectors?: DetectorMode;
  /** 0: as fast as possible; n: n times real time. */
  speed?: number;
  /** Measurement interval of every loop, seconds. */
  intervalS?: number;
  /** Epoch ms of the begin time; default puts the whole run in the past, so no timestamp is in the future. */
  startEpochMs?: number;
  minGreenS?: number;
  clientIdPrefix?: string;
  /** Progress line every this many simulated seconds (0: none). */
  progressEveryS?: number;
  log?: (line: string) => void;
  onControllerEvent?: (event: ControllerEvent) => void;
  /**
   * Write every green of every light as a line of NDJSON here (the `green-ended` event: tlsId, phaseId, startS, endS,
   * durationS, reason gap-out/max-out/force-off/yield/fixed/sumo, occupiedLoops of phaseLoops), for diagnosing
   * actuation; SUMO's own controllers are traced too.
   */
  phaseTraceFile?: string;
  /**
   * Platform lights run their own program free actuated (minimum to maximum green of the junction limits, gap-out on
   * their loops) until the centre's first plan is installed, as a real controller's local plan does; default false:
   * SUMO's program as shipped until then.
   */
  localActuated?: boolean;
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
  /** Phases skipped without a call (contract v1.3 `skipWithoutCall`, phase-skip.ts). */
  phasesSkipped: number;
  departed: number;
  arrived: number;
  tripinfo: TripSummary;
  program: ControlProgram;
  /** Loops the bridge placed itself (`detectors: auto`). */
  detectorsPlaced: number;
  /** Conflict monitor violations (each latched a light to flash); `violations` lists the first few. */
  unsafe: number;
  violations: (Violation & { tlsId: string })[];
}

export interface RunningBridge {
  traci: TraciClient;
  detectorIds: string[];
  controllerIds: string[];
  /** The run's simulated time window, and the epoch ms its begin maps to. */
  window: RunWindow & { startEpochMs: number };
  /** Every additional file SUMO loaded (the configuration's and the generated detector or program files). */
  additionalFiles: string[];
  /** Resolves when the run ends (time reached, demand exhausted, or stop()). */
  done: Promise<BridgeSummary>;
  stop(): Promise<BridgeSummary>;
}

/** How long each device connection may take to come up. */
const CONNECT_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 10_000;
/** How many violations the summary lists (the count covers all). */
const VIOLATIONS_LISTED = 20;

/** The devices of one run on the broker. */
interface Devices {
  loops: LoopPublisher;
  lights: TrafficLights;
  detectorConnection: MqttDeviceConnection;
  events: { accepted: number; rejected: number; applied: number; skipped: number; unsafe: number; violations: (Violation & { tlsId: string })[] };
  queries: StepQueries;
  controllerIds: string[];
}

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const log = options.log ?? (() => undefined);
  const workDir = makeRunDir();
  const program = options.program ?? 'platform';
  const minGreenS = options.minGreenS ?? 5;
  let setup: Awaited<ReturnType<typeof prepareRun>>;
  let session: SumoSession;
  try {
    setup = await prepareRun({ ...options, workDir, program, minGreenS });
    session = await openSumoSession({ sumocfg: options.sumocfg, workDir, tripinfoFile: setup.tripinfoFile, sumoArgs: setup.sumoArgs }, log);
  } catch (err) {
    fs.rmSync(workDir, { recursive: true, force: true });
    throw err;
  }
  if (setup.placedDetectors.length > 0) log(`placed ${setup.placedDetectors.length} loops on controlled lanes without detectors`);
  // SUMO starts at the window's begin; its clock is the truth if the two ever differ.
  const window = { beginS: session.beginS, endS: setup.window.endS + (session.beginS - setup.window.beginS) };
  const epoch = epochMappingOf(window, Date.now(), options.startEpochMs);
  const clock = controllerClockOf(options.controllerClock ?? 'wall', { beginS: window.beginS, epochMsOf: epoch.epochMsOf });
  const trace = options.phaseTraceFile ? fs.createWriteStream(options.phaseTraceFile) : undefined;
  const closeTrace = (): Promise<void> => new Promise((resolve) => (trace ? trace.end(resolve) : resolve()));
  const onControllerEvent = (e: ControllerEvent): void => {
    if (trace && e.kind === 'green-ended') trace.write(`${JSON.stringify(e)}\n`);
    options.onControllerEvent?.(e);
  };
  let devices: Devices;
  try {
    devices = await connectDevices(session.traci, { ...options, onControllerEvent, program, minGreenS, detectors: options.detectors ?? 'auto', clock }, log);
  } catch (err) {
    await closeTrace();
    await session.close({ endedBySumo: false, simulatedS: 0 });
    throw err;
  }
  log(`${devices.loops.ids.length} detectors, ${devices.controllerIds.length} traffic lights (${program}); simulating ${window.beginS}–${window.endS} s`);

  let stopping = false;
  const wallStart = Date.now();
  const totals = { arrived: 0, departed: 0 };
  const running = runSteps({
    traci: session.traci,
    beginS: window.beginS,
    endS: window.endS,
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
    shouldStop: () => stopping,
    log,
    onStep: stepHandler(session, devices, options, epoch.epochMsOf, clock, totals, wallStart, log),
  });
  const done = running.then(
    async (result) => {
      const summary = await finish(session, devices, result, totals, wallStart, { program, detectorsPlaced: setup.placedDetectors.length });
      await closeTrace();
      return summary;
    },
    async (err: unknown) => {
      await finish(session, devices, { steps: 0, simS: session.beginS, endedBySumo: false }, totals, wallStart, { program, detectorsPlaced: 0 }).catch(() => undefined);
      await closeTrace();
      // SUMO quitting mid-run (a route it cannot build, a bad file) closes TraCI: its own words say why.
      const said = session.sumoSaid();
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(said ? `${message}; sumo said: ${said.split('\n').slice(-5).join(' | ')}` : message);
    },
  );
  return {
    traci: session.traci,
    detectorIds: devices.loops.ids,
    controllerIds: devices.controllerIds,
    window: { ...window, startEpochMs: epoch.startEpochMs },
    additionalFiles: setup.additionalFiles,
    done,
    async stop() {
      stopping = true;
      await running.catch(() => undefined);
      return done;
    },
  };
}

/** The loops on one shared connection and every light on its own, checked against the contract's id grammar. */
async function connectDevices(
  traci: TraciClient,
  options: BridgeOptions & { program: ControlProgram; minGreenS: number; detectors: DetectorMode; clock: ControllerClock },
  log: (line: string) => void,
): Promise<Devices> {
  const prefix = options.clientIdPrefix ?? `sumo-${process.pid}`;
  const devices = new MqttDeviceTransport({ url: options.mqttUrl, ...options.mqttCredentials, retry: {}, queueWhileOffline: true });
  const detectors = options.detectors === 'none' ? [] : await detectorsOf(traci);
  const loopIds = partitionDeviceIds(detectors.map((d) => d.id));
  const valid = new Set(loopIds.valid);
  const published = detectors.filter((d) => valid.has(d.id));
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

  const events: Devices['events'] = { accepted: 0, rejected: 0, applied: 0, skipped: 0, unsafe: 0, violations: [] };
  const onEvent = (e: ControllerEvent): void => {
    if (e.kind === 'plan-ack') events[e.accepted ? 'accepted' : 'rejected']++;
    if (e.kind === 'plan-applied') events.applied++;
    if (e.kind === 'phase-skipped') events.skipped++;
    if (e.kind === 'conflict-flash') {
      events.unsafe += e.violations.length;
      for (const v of e.violations) if (events.violations.length < VIOLATIONS_LISTED) events.violations.push({ tlsId: e.tlsId, ...v });
    }
    options.onControllerEvent?.(e);
  };
  let lights: TrafficLights;
  try {
    lights = await TrafficLights.start(traci, lightIds.valid, {
      devices, clientIdPrefix: prefix, connectTimeoutMs: CONNECT_TIMEOUT_MS, minGreenS: options.minGreenS, nowMs: options.clock.nowMs, acceptsPlans: options.program === 'platform', onEvent,
      ...(options.localActuated ? { localActuated: true } : {}),
      ...(options.phaseTraceFile ? { traceGreens: true } : {}),
      // Every program: SUMO's own controllers never actuate through them, but the green trace counts their loops.
      ...(await actuationDetectors(traci, published, lightIds.valid, () => readSumoNet(netFileOfConfig(options.sumocfg)))),
    });
  } catch (err) {
    await detectorConnection.end(CLOSE_TIMEOUT_MS);
    throw err;
  }
  return { loops, lights, detectorConnection, events, queries: stepQueries(published, lightIds.valid), controllerIds: lightIds.valid };
}

/** Induction loops and lane-area detectors SUMO loaded (the configuration's and the placed ones). */
async function detectorsOf(traci: TraciClient): Promise<StepDetector[]> {
  const loops = (await traci.inductionLoopIds()).map((id): StepDetector => ({ id, kind: 'loop' }));
  const areas = (await traci.laneAreaIds()).map((id): StepDetector => ({ id, kind: 'lane-area' }));
  return [...loops, ...areas];
}

/** Per step: one batched read, loop aggregation, measurements at interval ends, every light's step, progress. */
function stepHandler(
  session: SumoSession,
  devices: Devices,
  options: BridgeOptions,
  tsOf: (simS: number) => number,
  clock: ControllerClock,
  totals: { arrived: number; departed: number },
  wallStart: number,
  log: (line: string) => void,
): (simS: number, steps: number) => Promise<void> {
  const { loops, lights, queries } = devices;
  return async (simS, steps) => {
    clock.atStep(simS);
    const readings = queries.read(await session.traci.getMany(queries.gets));
    totals.arrived += readings.arrived;
    totals.departed += readings.departed;
    loops.addStep(readings.loops);
    const ts = tsOf(simS);
    const pending = (simS - session.beginS) % loops.intervalS === 0 ? loops.publishInterval(ts) : [];
    // Lights run concurrently: their rare TraCI calls are serialised by the client, their publishes overlap.
    pending.push(...lights.controllers.map((c, i) => c.onStep(simS, ts, readings.lights[i]!, readings.loops)));
    await Promise.all(pending);
    if (options.progressEveryS && (simS - session.beginS) % options.progressEveryS === 0) {
      const wallS = (Date.now() - wallStart) / 1000;
      log(`t=${simS}s steps=${steps} ${(steps / Math.max(wallS, 1e-3)).toFixed(0)} steps/s arrived=${totals.arrived} measurements=${loops.measurements}`);
    }
  };
}

/** Lights offline, connections closed cleanly, SUMO ended; then the summary with SUMO's own outcome measures. */
async function finish(
  session: SumoSession, devices: Devices, run: StepLoopResult, totals: { arrived: number; departed: number }, wallStart: number, setupInfo: { program: ControlProgram; detectorsPlaced: number },
): Promise<BridgeSummary> {
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
    phasesSkipped: devices.events.skipped,
    departed: totals.departed,
    arrived: totals.arrived,
    tripinfo,
    program: setupInfo.program,
    detectorsPlaced: setupInfo.detectorsPlaced,
    unsafe: devices.events.unsafe,
    violations: devices.events.violations,
  };
}
