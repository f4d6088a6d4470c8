/**
 * What the control-room browser test talks to: the real processor in-process (embedded broker, private
 * InfluxDB) serving the built web app (web/dist), /api and /ws, with devices played by an MQTT client
 * publishing contract-v1 messages for a small fixture network.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as mqtt from 'mqtt';
import type { ControllerState, ControllerStatus, DetectorMeasurement, PhaseStatus } from '@arterial/contracts/mqtt/v1';
import type { NetworkModel } from '@arterial/contracts/network';
import type { Kpi } from '@arterial/contracts/api/v1';
import { startProcessor } from '@arterial/processor';
import { InfluxServer } from '../../support/influx-server';
import { controlRoomNetwork, type ControlRoomNetwork } from './control-room-network';

// ARTERIAL_WEB_DIST: a private build, for when several people build web/ in one checkout at once.
export const WEB_DIST = process.env.ARTERIAL_WEB_DIST ?? path.resolve(__dirname, '..', '..', '..', 'web', 'dist');

export interface MeasurementInput {
  occupancyPct: number;
  volume: number;
  speedKph?: number;
}

export interface Backend {
  kind: 'processor';
  httpUrl: string;
  network: ControlRoomNetwork;
  /** Reports a detector measurement the way a device would; the UI must pick it up from the live feed. */
  publishMeasurement(detectorId: string, measurement: MeasurementInput): Promise<void>;
  /** A controller going offline (its status, and its state ticks stop) or coming back online (ticks resume). */
  publishControllerOnline(intersectionId: string, online: boolean): Promise<void>;
  /** Stored KPI history written straight to the processor's store (what estimation would have written before). */
  writeKpis(kpis: readonly Kpi[]): Promise<void>;
  close(): Promise<void>;
}

export interface BackendOptions {
  /** Extra processor environment, e.g. ALERT_CLEAR_HOLD_S for a short alert hold. */
  env?: NodeJS.ProcessEnv;
}

export async function startBackend(options: BackendOptions = {}): Promise<Backend> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`${WEB_DIST}/index.html is missing: run "npm run build -w web" before the browser test`);
  }
  return startProcessorBackend(options);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Device-side fixtures                                                                                         */

const CYCLE_S = 90;
/** Phase 1 green 0–50 s, yellow to 53, all-red to 55; phase 2 green 55–85, yellow to 88, all-red to 90. */
function phasesAt(cycleSecond: number): PhaseStatus[] {
  const phase = (id: number, greenFrom: number, greenTo: number): PhaseStatus => {
    const s = cycleSecond;
    if (s >= greenFrom && s < greenTo) return { id, state: 'green', remainingS: greenTo - s };
    if (s >= greenTo && s < greenTo + 3) return { id, state: 'yellow', remainingS: greenTo + 3 - s };
    const redEnds = greenFrom > s ? greenFrom : greenFrom + CYCLE_S;
    return { id, state: 'red', remainingS: redEnds - s };
  };
  return [phase(1, 0, 50), phase(2, 55, 85)];
}

/** Initial occupancies spread over free, dense and congested, so every link colour appears. */
const INITIAL_OCCUPANCY = [8, 22, 45, 12, 5, 35, 18, 27];

function measurement(seq: number, input: MeasurementInput, ts = Date.now()): DetectorMeasurement {
  return {
    ts: Math.floor(ts),
    seq,
    intervalS: 60,
    volume: input.volume,
    occupancyPct: input.occupancyPct,
    ...(input.speedKph === undefined ? {} : { speedKph: input.speedKph }),
    health: 'ok',
  };
}

function controllerState(intersectionId: string, seq: number, now = Date.now()): ControllerState {
  const cycleSecond = Math.floor(now / 1000) % CYCLE_S;
  return {
    ts: Math.floor(now),
    seq,
    mode: intersectionId === 'I1' ? 'adaptive' : 'fixed',
    planId: intersectionId === 'I1' ? 'AD-0815' : `FB-${intersectionId}`,
    cycleS: CYCLE_S,
    cycleSecond,
    phases: phasesAt(cycleSecond),
  };
}

function controllerStatus(intersectionId: string, now = Date.now()): ControllerStatus {
  return { online: true, firmware: 'ATC-5.3.1', faults: intersectionId === 'I2' ? ['LAMP_OUT_P2_RED'] : [], ts: Math.floor(now) };
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Real processor                                                                                               */

async function startProcessorBackend(options: BackendOptions): Promise<Backend> {
  const network = controlRoomNetwork();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-web-test-'));
  const networkFile = path.join(dir, 'network.geojson');
  fs.writeFileSync(networkFile, JSON.stringify(network.model satisfies NetworkModel));
  const influx = new InfluxServer();
  await influx.start();
  const processor = await startProcessor({
    // Devices here connect without credentials: the broker's development mode, explicitly.
    env: { MQTT_ALLOW_ANONYMOUS: 'true', API_ALLOW_ANONYMOUS: 'true', ...options.env },
    config: {
      host: '127.0.0.1',
      mqttPort: 0,
      httpPort: 0,
      influxUrl: influx.url,
      influxDb: 'arterial_web_test',
      spoolDir: path.join(dir, 'spool'),
      networkFile,
      webDir: WEB_DIST,
      mqttClientId: 'web-test-processor',
    },
  });
  const device = await mqtt.connectAsync(processor.mqttUrl, { clientId: 'web-test-devices', clean: true });
  let seq = 0;
  const publish = (topic: string, payload: unknown, retain = false) => device.publishAsync(topic, JSON.stringify(payload), { qos: 1, retain });

  const now = Date.now();
  for (const [i, id] of network.detectorIds.entries()) {
    const occupancyPct = INITIAL_OCCUPANCY[i % INITIAL_OCCUPANCY.length] ?? 10;
    // An hour of history at one-minute intervals so the chart has something to draw.
    for (let k = 60; k >= 0; k -= 1) {
      if (k > 36 && k <= 40) continue; // a four-minute outage, which the chart must show as a gap
      const occ = Math.max(0, occupancyPct + 5 * Math.sin((i + k) / 6));
      await publish(`arterial/v1/detectors/${id}/measurement`, measurement(seq++, { occupancyPct: occ, volume: Math.round(occ), speedKph: 50 }, now - k * 60_000));
    }
  }
  const offline = new Set<string>();
  const reportControllers = async () => {
    for (const id of network.intersectionIds) if (!offline.has(id)) await publish(`arterial/v1/controllers/${id}/state`, controllerState(id, seq++));
  };
  for (const id of network.intersectionIds) await publish(`arterial/v1/controllers/${id}/status`, controllerStatus(id), true);
  await reportControllers();
  const ticker = setInterval(() => void reportControllers().catch(() => undefined), 1000);

  return {
    kind: 'processor',
    httpUrl: processor.httpUrl,
    network,
    async publishMeasurement(detectorId, input) {
      await publish(`arterial/v1/detectors/${detectorId}/measurement`, measurement(seq++, input));
    },
    async publishControllerOnline(intersectionId, online) {
      if (online) offline.delete(intersectionId);
      else offline.add(intersectionId);
      await publish(`arterial/v1/controllers/${intersectionId}/status`, { ...controllerStatus(intersectionId), online }, true);
    },
    async writeKpis(kpis) {
      processor.store.write(kpis.map((kpi) => ({ kind: 'kpi' as const, kpi })));
      await processor.store.flush();
    },
    async close() {
      clearInterval(ticker);
      await device.endAsync();
      await processor.close();
      await influx.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
