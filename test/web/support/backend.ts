/**
 * What the control-room browser test talks to: the built web app (web/dist) plus /api and /ws.
 *
 * Two implementations behind one `startBackend()`, both serving the same fixture network:
 * - `processor` (default once services/processor/src/bootstrap.ts exists): the real processor in-process, with its
 *   embedded broker and a private InfluxDB; devices are played by an MQTT client publishing contract-v1 messages.
 * - `fake`: a small Node http + ws server with the processor's routes and message shapes, for working on the UI
 *   without the processor (or without influxd).
 * ARTERIAL_WEB_BACKEND=fake|processor overrides the choice.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as mqtt from 'mqtt';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ControllerState, ControllerStatus, DetectorMeasurement, NetworkModel, PhaseStatus } from '@arterial/contracts';
import type { DetectorLive, IngestCounters, IntersectionLive, ServerMessage } from '../../../services/processor/src/gateway/gateway-events';
import { startProcessor } from '../../../services/processor/src/bootstrap';
import { InfluxServer } from '../../support/influx-server';
import { controlRoomNetwork, type ControlRoomNetwork } from './control-room-network';

export const WEB_DIST = path.resolve(__dirname, '..', '..', '..', 'web', 'dist');

export interface MeasurementInput {
  occupancyPct: number;
  volume: number;
  speedKph?: number;
}

export interface Backend {
  kind: 'fake' | 'processor';
  httpUrl: string;
  network: ControlRoomNetwork;
  /** Reports a detector measurement the way a device would; the UI must pick it up from the live feed. */
  publishMeasurement(detectorId: string, measurement: MeasurementInput): Promise<void>;
  close(): Promise<void>;
}

export async function startBackend(): Promise<Backend> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`${WEB_DIST}/index.html is missing: run "npm run build -w web" before the browser test`);
  }
  const processorExists = fs.existsSync(path.resolve(__dirname, '..', '..', '..', 'services', 'processor', 'src', 'bootstrap.ts'));
  const kind = process.env.ARTERIAL_WEB_BACKEND || (processorExists ? 'processor' : 'fake');
  if (kind === 'processor') return startProcessorBackend();
  if (kind === 'fake') return startFakeBackend();
  throw new Error(`ARTERIAL_WEB_BACKEND must be "fake" or "processor", got ${JSON.stringify(kind)}`);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Device-side fixtures shared by both backends                                                                 */

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
/* Fake backend                                                                                                 */

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function serveStatic(urlPath: string, res: http.ServerResponse): void {
  const relative = path.normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  let file = path.join(WEB_DIST, relative);
  if (!file.startsWith(WEB_DIST)) return sendJson(res, 403, { message: 'forbidden' });
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    // Unknown asset paths are real 404s; anything else is a client-side route and gets the app.
    if (path.extname(file) !== '') return sendJson(res, 404, { message: 'not found' });
    file = path.join(WEB_DIST, 'index.html');
  }
  res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
}

function liveIntersection(id: string, seq: number, now = Date.now()): IntersectionLive {
  const state = controllerState(id, seq, now);
  const status = controllerStatus(id, now);
  return {
    id,
    ts: state.ts,
    mode: state.mode,
    planId: state.planId,
    cycleS: state.cycleS,
    cycleSecond: state.cycleSecond,
    phases: state.phases,
    online: status.online,
    firmware: status.firmware,
    faults: status.faults,
  };
}

function liveDetector(id: string, m: DetectorMeasurement): DetectorLive {
  return {
    id,
    ts: m.ts,
    intervalS: m.intervalS,
    volume: m.volume,
    flowVph: Math.round((m.volume * 3600) / m.intervalS),
    occupancyPct: m.occupancyPct,
    speedKph: m.speedKph ?? null,
    health: m.health,
  };
}

async function startFakeBackend(): Promise<Backend> {
  const network = controlRoomNetwork();
  const detectors = new Map<string, DetectorLive>();
  network.detectorIds.forEach((id, i) => {
    const occupancyPct = INITIAL_OCCUPANCY[i % INITIAL_OCCUPANCY.length] ?? 10;
    detectors.set(id, liveDetector(id, measurement(i, { occupancyPct, volume: Math.round(occupancyPct * 0.9), speedKph: 55 - occupancyPct / 2 })));
  });
  let seq = 100;
  const counters: IngestCounters = { accepted: 1200, rejected: 3, duplicates: 0 };
  const intersections = () => network.intersectionIds.map((id) => liveIntersection(id, seq));
  const clients = new Set<WebSocket>();
  const broadcast = (message: ServerMessage) => {
    const text = JSON.stringify(message);
    for (const client of clients) client.send(text);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean);
    if (req.method !== 'GET') return sendJson(res, 405, { message: 'method not allowed' });
    if (parts[0] !== 'api') return serveStatic(url.pathname, res);
    if (url.pathname === '/api/network') return sendJson(res, 200, network.model);
    if (url.pathname === '/api/health') {
      return sendJson(res, 200, {
        status: 'ok',
        broker: { connected: true },
        storage: { reachable: true, pendingRecords: 0, spool: { records: 0, bytes: 0, limitBytes: 0 }, written: counters.accepted },
        counters: { 'ingest.accepted': counters.accepted, 'ingest.rejected': counters.rejected, 'ingest.duplicates': counters.duplicates },
      });
    }
    if (parts[1] === 'intersections' && parts.length === 3) {
      const feature = network.model.features.find((f) => f.properties.kind === 'intersection' && f.properties.id === parts[2]);
      if (!feature || feature.properties.kind !== 'intersection') return sendJson(res, 404, { message: 'unknown intersection' });
      const p = feature.properties;
      return sendJson(res, 200, { id: p.id, name: p.name, nameZh: p.nameZh, phases: p.phases, live: liveIntersection(p.id, seq) });
    }
    if (parts[1] === 'detectors' && parts[3] === 'series' && parts.length === 4) {
      const id = parts[2] ?? '';
      const to = Number(url.searchParams.get('to') ?? Date.now());
      const from = Number(url.searchParams.get('from') ?? to - 3600_000);
      const stepS = Number(url.searchParams.get('step') ?? 60);
      const base = detectors.get(id)?.occupancyPct ?? 10;
      const points = [];
      for (let ts = Math.ceil(from / (stepS * 1000)) * stepS * 1000, i = 0; ts < to; ts += stepS * 1000, i += 1) {
        if (i >= 20 && i < 24) continue; // an outage: empty buckets are left out, as the processor does
        const occupancyPct = Math.max(0, base + 6 * Math.sin(i / 6) + ((i * 7) % 5) - 2);
        points.push({ ts, volume: Math.round(occupancyPct * 0.9), occupancyPct, speedKph: 55 - occupancyPct / 2, samples: 1 });
      }
      return sendJson(res, 200, { detectorId: id, from, to, stepS, points });
    }
    return sendJson(res, 404, { message: 'not found' });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').split('?')[0] !== '/ws') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      const snapshot: ServerMessage = {
        type: 'snapshot',
        serverTime: Date.now(),
        detectors: [...detectors.values()],
        intersections: intersections(),
        counters: { ...counters },
      };
      ws.send(JSON.stringify(snapshot));
    });
  });

  // Like the gateway: signal state deltas as controllers report, counters every second.
  const ticker = setInterval(() => {
    seq += 1;
    counters.accepted += 3;
    broadcast({ type: 'delta', serverTime: Date.now(), detectors: [], intersections: intersections() });
    broadcast({ type: 'counters', serverTime: Date.now(), counters: { ...counters } });
  }, 1000);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    kind: 'fake',
    httpUrl: `http://127.0.0.1:${port}`,
    network,
    async publishMeasurement(detectorId, input) {
      seq += 1;
      const live = liveDetector(detectorId, measurement(seq, input));
      detectors.set(detectorId, live);
      counters.accepted += 1;
      broadcast({ type: 'delta', serverTime: Date.now(), detectors: [live], intersections: [] });
    },
    async close() {
      clearInterval(ticker);
      for (const client of clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Real processor                                                                                               */

async function startProcessorBackend(): Promise<Backend> {
  const network = controlRoomNetwork();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-web-test-'));
  const networkFile = path.join(dir, 'network.geojson');
  fs.writeFileSync(networkFile, JSON.stringify(network.model satisfies NetworkModel));
  const influx = new InfluxServer();
  await influx.start();
  const processor = await startProcessor({
    env: {},
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
  const reportControllers = async () => {
    for (const id of network.intersectionIds) await publish(`arterial/v1/controllers/${id}/state`, controllerState(id, seq++));
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
    async close() {
      clearInterval(ticker);
      await device.endAsync();
      await processor.close();
      await influx.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
