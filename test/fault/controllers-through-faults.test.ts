/**
 * The field through the faults of issue 9. The real processor (child process, Webster engine, estimation every 2 s)
 * plans the two junctions of a short-cycle network (20–30 s cycles) whose controllers and detectors are the traffic
 * simulator's, in real time. The load is the device fleet run in-process (30 emulated cabinets of 4 detectors
 * measuring every second, 30 controllers sending state at 1 Hz), raw QoS 1 publishers on persistent sessions
 * (200 msg/s; they resend what was not acknowledged) and the simulator's own detectors. Every device reaches the
 * broker through a proxy that can cut it off; an observer connected straight to the broker records states, plans and
 * plan acknowledgements.
 *
 * In turn: InfluxDB is stopped and started while the engine warms up; every device's broker connection is cut for
 * 5 s (a controller gives a centre plan up after 3 s without the broker); the processor is SIGKILLed and restarted on
 * the same WAL folder and ports (a controller gives a centre plan up after 20 s without a plan message; the engine
 * repeats an unchanged plan every 8 s). After each fault every controller accepts a new centre plan and runs centre
 * plans again. Throughout, every state message names a plan the controller accepted from the centre or its own local
 * plan, with no dark phase, no other mode and no conflicting greens; every PUBACKed seq of the fleet and of the raw
 * publishers is stored in InfluxDB exactly once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { intersectionsOf } from '@arterial/contracts/network';
import { DeviceFleet, MqttFleetTransport, planFromCounts } from '@arterial/device-fleet';
import { NO_FAULTS, serializeNetwork, startSimulator, type RunningSimulator } from '@arterial/traffic-sim';
import { waitFor } from '../support/wait-for';
import { AckRecordingTransport, checkStoredOnce, ConnectionCutter, DetectorLoad, ProcessorChild, useFaultScene, type AckLedger } from './fault-harness';
import { FieldRecorder } from './field-recorder';
import { shortCycleNetwork } from './short-cycle-network';

const DB = 'fault_controllers';
const DETECTOR_INTERVAL_S = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('controllers and stored measurements through InfluxDB, broker and processor faults', () => {
  const network = shortCycleNetwork();
  const junctions = intersectionsOf(network).map((f) => f.properties);
  const recorder = new FieldRecorder(junctions);
  let cutter: ConnectionCutter | undefined;
  let simulator: RunningSimulator | undefined;
  let fleet: DeviceFleet | undefined;

  // Declared before the scene's, so it runs first: the devices go while their broker is still up.
  afterAll(async () => {
    await fleet?.kill();
    await simulator?.stop();
    await recorder.close();
    await cutter?.close();
  }, 30_000);
  const scene = useFaultScene('field');

  it('keeps every controller on a centre plan or its own, and stores every acknowledged measurement once', async () => {
    const { dir, influx } = scene;
    const networkFile = path.join(dir, 'short-cycles.geojson');
    fs.writeFileSync(networkFile, serializeNetwork(network));
    const processor = (scene.processor = await ProcessorChild.create(dir, influx, DB, {
      NETWORK_FILE: networkFile,
      CONTROL_STRATEGY: 'webster',
      ESTIMATION_PERIOD_S: String(DETECTOR_INTERVAL_S),
      CONTROL_KEEP_ALIVE_S: '8',
    }));
    const t0 = Date.now();
    await processor.start();
    const devices = (cutter = await ConnectionCutter.start(processor.mqttPort));
    await recorder.connect(processor.mqttUrl);

    const load = (scene.load = new DetectorLoad(devices.url, Array.from({ length: 40 }, (_, i) => `field-det-${i}`), 2));
    await load.connect('fault-field');
    load.run(200);
    const fleetAcks = new AckRecordingTransport(new MqttFleetTransport({ url: devices.url }));
    fleet = new DeviceFleet({
      plan: planFromCounts({ intersections: 30, detectorsPerIntersection: 4, idPrefix: 'FF' }),
      transport: fleetAcks,
      stateHz: 1,
      measurementIntervalS: 1,
      durationS: 600,
      rampPerSecond: 0,
      backoff: { initialMs: 200, maxMs: 1000 },
      clientIdPrefix: 'fault-fleet',
    });
    void fleet.start();
    simulator = await startSimulator({
      mqttUrl: devices.url,
      network,
      speed: 1,
      seed: 11,
      detectorIntervalS: DETECTOR_INTERVAL_S,
      // Daytime demand whatever the hour the suite runs at (at night the detectors count next to nothing).
      utcOffsetHours: 10 - new Date().getUTCHours(),
      faultRates: NO_FAULTS,
      clientIdPrefix: 'fault-field-sim',
      centreSilenceS: 20,
      brokerLossS: 3,
    });
    const running = fleet;
    await waitFor(() => running.stats().allConnectedAfterMs !== null, { timeoutMs: 20_000, what: 'every fleet connection' });

    // (1) InfluxDB down and up again under load while the engine gathers its first estimates.
    recorder.mark('InfluxDB stopped');
    await influx.stop();
    const ackedBeforeOutage = load.ackedCount + fleetAcks.ackedCount;
    await waitFor(() => load.ackedCount + fleetAcks.ackedCount > ackedBeforeOutage + 1000, { timeoutMs: 20_000, what: 'acknowledgements while InfluxDB is down' });
    const ackedDuringOutage = load.ackedCount + fleetAcks.ackedCount - ackedBeforeOutage;
    await influx.start();
    recorder.mark('InfluxDB back');
    const firstPlansMs = await recorder.allBackUnderCentre(Date.now(), 'centre plans after the InfluxDB outage', 60_000);

    // (2) Every device's broker connection cut for 5 s.
    recorder.mark('broker connections cut');
    devices.cut();
    await sleep(5000);
    devices.restore();
    recorder.mark('broker connections restored');
    const afterCutMs = await recorder.allBackUnderCentre(Date.now(), 'centre plans after the broker cut', 60_000);

    // (3) The processor SIGKILLed and restarted on the same WAL folder and ports.
    recorder.mark('processor SIGKILL');
    await processor.kill();
    await processor.start();
    recorder.mark('processor back');
    const afterKillMs = await recorder.allBackUnderCentre(Date.now(), 'centre plans after the processor restart', 60_000);

    load.stopPublishing();
    fleet.pause();
    await load.waitForAllAcks(30_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${recorder.timeline().join('\n')}\nprocessor log:\n${processor.logTail()}`);
    });
    const allStored = async (ledger: AckLedger) => (await checkStoredOnce(influx, DB, ledger)).missing.length === 0;
    await waitFor(async () => (await allStored(load)) && (await allStored(fleetAcks)), { timeoutMs: 30_000, intervalMs: 500, what: 'acknowledged seqs in InfluxDB' }).catch(() => undefined);
    const raw = await checkStoredOnce(influx, DB, load);
    const fromFleet = await checkStoredOnce(influx, DB, fleetAcks);
    console.info(
      JSON.stringify({ totalS: (Date.now() - t0) / 1000, firstPlansMs, afterCutMs, afterKillMs, ackedDuringOutage, raw: { ...raw, republished: load.republished }, fleet: { ...fromFleet, stats: fleet.stats() }, field: recorder.summary() }),
    );

    expect(recorder.problems()).toEqual([]);
    // Controllers report at 1 Hz; the cut and the restart silence them for a few seconds each, so at least half the
    // run's seconds must be covered by states for "throughout" to mean something (a fixed count failed a fast run).
    const runS = (Date.now() - t0) / 1000;
    for (const { states } of Object.values(recorder.summary())) expect(states).toBeGreaterThan(runS / 2);
    expect(raw.missing).toEqual([]);
    expect(raw.duplicated).toEqual([]);
    expect(raw.stored).toBe(raw.acknowledged);
    expect(raw.acknowledged).toBe(load.sent);
    expect(fromFleet.missing).toEqual([]);
    expect(fromFleet.duplicated).toEqual([]);
    // The fleet does not resend: a measurement whose PUBACK a fault swallowed may be stored unacknowledged.
    expect(fromFleet.stored).toBeGreaterThanOrEqual(fromFleet.acknowledged);
    expect(fromFleet.acknowledged).toBeGreaterThan(2000);
  }, 150_000);
});
