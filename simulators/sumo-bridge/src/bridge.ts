/**
 * Runs one SUMO simulation as a fleet of Arterial devices: loops publish measurements, traffic lights act as
 * controllers. Steps as fast as possible or paced at `speed` times real time; ends with SUMO's outcome measures.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTopic, type DetectorMeasurement } from '@arterial/contracts/mqtt/v1';
import { publishContract } from './contract-publish';
import { type ControllerEvent, ControllerBridge, FIRMWARE } from './controller-bridge';
import { LoopAggregator } from './detector-aggregator';
import { type BusConnection, connectBus } from './mqtt.adapter';
import { startSumo } from './sumo-process';
import { summariseTripinfo, type TripSummary } from './tripinfo-summary';
import type { TraciReader } from './traci/traci-codec';
import { GET, type GetSpec, TraciClient } from './traci/traci-client';

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

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const log = options.log ?? (() => undefined);
  const intervalS = options.intervalS ?? 60;
  const prefix = options.clientIdPrefix ?? `sumo-${process.pid}`;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-sumo-'));
  const tripinfoFile = path.join(workDir, 'tripinfo.xml');
  const sumo = await startSumo({ sumocfg: options.sumocfg, tripinfoFile });
  let traci: TraciClient;
  try {
    traci = await TraciClient.connect(sumo.port, { timeoutMs: 30000 });
  } catch (err) {
    sumo.process.kill();
    throw new Error(`${(err as Error).message}; sumo said: ${sumo.stderr().trim()}`);
  }
  const version = await traci.getVersion();
  log(`connected to ${version.identifier} (TraCI API ${version.apiVersion}) on port ${sumo.port}`);

  const beginS = await traci.simulationTimeS();
  const endS = beginS + options.seconds;
  // Whole seconds by default, so cycle boundaries (whole simulation seconds) can meet coordinated offsets exactly.
  const startEpochMs = options.startEpochMs ?? Math.floor((Date.now() - options.seconds * 1000) / 1000) * 1000;
  const tsOf = (simS: number): number => Math.round(startEpochMs + simS * 1000);

  const detectorIds = (await traci.inductionLoopIds()).filter((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id));
  const loops = new Map(detectorIds.map((id) => [id, { agg: new LoopAggregator(), seq: 0 }]));
  const detectorBus = await connectBus(options.mqttUrl, { clientId: `${prefix}-detectors` });

  const events = { accepted: 0, rejected: 0, applied: 0 };
  const onEvent = (e: ControllerEvent): void => {
    if (e.kind === 'plan-ack') events[e.accepted ? 'accepted' : 'rejected']++;
    if (e.kind === 'plan-applied') events.applied++;
    options.onControllerEvent?.(e);
  };
  const controllerIds = (await traci.trafficLightIds()).filter((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id));
  const controllerBuses: BusConnection[] = [];
  const controllers: ControllerBridge[] = [];
  for (const id of controllerIds) {
    // One connection per controller so each has its own last will (offline status), as real controllers do.
    const will = { topic: buildTopic('status', id), payload: { online: false, firmware: FIRMWARE, faults: [], ts: Date.now() } };
    const bus = await connectBus(options.mqttUrl, { clientId: `${prefix}-${id}`.slice(0, 64), will });
    controllerBuses.push(bus);
    const c = new ControllerBridge(id, traci, bus, { minGreenS: options.minGreenS ?? 5, wallNowMs: Date.now, onEvent });
    await c.start();
    controllers.push(c);
  }
  log(`${detectorIds.length} induction loops, ${controllerIds.length} traffic lights; simulating ${options.seconds} s from t=${beginS}`);

  const stepGets: GetSpec[] = [
    GET.arrivedVehicleCount(),
    GET.departedVehicleCount(),
    ...detectorIds.flatMap((id) => [GET.loopVehicleIds(id), GET.loopOccupancy(id), GET.loopMeanSpeed(id)]),
    ...controllerIds.flatMap((id) => [GET.tlsPhase(id), GET.tlsNextSwitch(id)]),
  ];
  let stopping = false;
  let endedBySumo = false;
  let steps = 0;
  let simS = beginS;
  let measurements = 0;
  let arrived = 0;
  let departed = 0;
  const wallStart = Date.now();

  const loop = async (): Promise<void> => {
    while (!stopping && simS < endS) {
      try {
        await traci.simulationStep();
      } catch (err) {
        // SUMO closes the connection itself when the configuration's end time is reached: a normal end.
        if (steps > 0 && /closed/.test((err as Error).message)) {
          log(`SUMO ended the simulation at t=${simS}s`);
          endedBySumo = true;
          break;
        }
        throw err;
      }
      // One round trip for every value the devices need.
      const values = await traci.getMany(stepGets);
      const next = (): TraciReader => values.shift() as TraciReader;
      steps++;
      simS = beginS + steps; // step length is 1 s
      arrived += next().int();
      departed += next().int();
      for (const d of loops.values()) {
        d.agg.addStep({ vehicleIds: next().stringList(), occupancyPct: next().double(), meanSpeedMps: next().double() });
      }
      const lights = controllers.map(() => ({ phaseIndex: next().int(), nextSwitchS: next().double() }));
      const pending: Promise<void>[] = [];
      if ((simS - beginS) % intervalS === 0) {
        for (const [id, d] of loops) {
          const m: DetectorMeasurement = { ts: tsOf(simS), seq: d.seq, intervalS, health: 'ok', ...d.agg.flush() };
          d.seq = (d.seq + 1) % 2 ** 32;
          pending.push(publishContract(detectorBus, 'measurement', id, m, Date.now()));
          measurements++;
        }
      }
      // Lights run concurrently: their rare TraCI calls are serialised by the client, their publishes overlap.
      pending.push(...controllers.map((c, i) => c.onStep(simS, tsOf(simS), lights[i] as { phaseIndex: number; nextSwitchS: number })));
      await Promise.all(pending);
      if (options.progressEveryS && (simS - beginS) % options.progressEveryS === 0) {
        const wallS = (Date.now() - wallStart) / 1000;
        log(`t=${simS}s steps=${steps} ${(steps / Math.max(wallS, 1e-3)).toFixed(0)} steps/s arrived=${arrived} measurements=${measurements}`);
      }
      if (options.speed && options.speed > 0) {
        const due = wallStart + (steps * 1000) / options.speed;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }
  };

  let finished: Promise<BridgeSummary> | undefined;
  const finish = (runError?: unknown): Promise<BridgeSummary> => {
    finished ??= (async () => {
      const wallS = (Date.now() - wallStart) / 1000;
      for (const c of controllers) await c.stop().catch(() => undefined);
      await Promise.allSettled([detectorBus.end(), ...controllerBuses.map((b) => b.end())]);
      if (!endedBySumo) await traci.close().catch(() => undefined);
      const killer = setTimeout(() => sumo.process.kill(), 5000);
      await sumo.exited;
      clearTimeout(killer);
      const tripinfo = summariseTripinfo(fs.existsSync(tripinfoFile) ? fs.readFileSync(tripinfoFile, 'utf8') : '', simS - beginS);
      fs.rmSync(workDir, { recursive: true, force: true });
      if (runError) throw runError instanceof Error ? runError : new Error(String(runError));
      return {
        steps,
        simulatedS: simS - beginS,
        wallS: Math.round(wallS * 100) / 100,
        stepsPerS: Math.round(steps / Math.max(wallS, 1e-3)),
        detectors: detectorIds.length,
        controllers: controllerIds.length,
        measurementsPublished: measurements,
        statesPublished: controllers.reduce((s, c) => s + c.statesPublished, 0),
        plansAccepted: events.accepted,
        plansRejected: events.rejected,
        plansApplied: events.applied,
        departed,
        arrived,
        tripinfo,
      };
    })();
    return finished;
  };

  const running = loop();
  const done = running.then(
    () => finish(),
    (err: unknown) => finish(err),
  );
  return {
    traci,
    detectorIds,
    controllerIds,
    done,
    async stop() {
      stopping = true;
      await running.catch(() => undefined);
      return done;
    },
  };
}

