/**
 * Detector measurement data sets for the prediction evaluation, made by the traffic simulator's public API: the
 * demo network (or a synthetic grid) over whole days at a coarse detector interval, with lane closures on some
 * days so that the held-out days include incidents.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { demoNetwork, gridNetwork, runOffline, type LaneClosure } from '@arterial/traffic-sim';
import type { NetworkModel } from '@arterial/contracts/network';

export interface SimulatedDatasetSpec {
  network: 'demo' | { rows: number; cols: number };
  days: number;
  seed: number;
  /** Local midnight of the first day, epoch ms. */
  startMs: number;
  detectorIntervalS: number;
  /** Day indexes (0-based) with a morning or evening lane closure on a major link. */
  incidentDays: readonly number[];
  /** Keep only the first N detector ids in sorted order (undefined keeps all). */
  maxDetectors?: number;
}

export interface SimulatedDatasetResult {
  file: string;
  lines: number;
  detectors: number;
  incidents: LaneClosure[];
  wallS: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Lines gzipped per member: concatenated gzip members are one valid .gz file, and memory stays flat. */
const CHUNK_CHARS = 4 << 20;

export function networkOf(spec: SimulatedDatasetSpec): NetworkModel {
  return spec.network === 'demo' ? demoNetwork() : gridNetwork({ ...spec.network, detectorIntervalS: spec.detectorIntervalS });
}

/** Alternating AM and PM closures of two lanes on the network's widest links, one per incident day. */
export function incidentsFor(network: NetworkModel, spec: SimulatedDatasetSpec): LaneClosure[] {
  const wide = network.features
    .flatMap((f) => (f.properties.kind === 'link' && f.properties.lanes >= 3 ? [f.properties.id] : []))
    .sort();
  if (wide.length === 0) return [];
  return spec.incidentDays.map((day, i) => {
    const startH = i % 2 === 0 ? 7.5 : 16.5;
    const dayMs = spec.startMs + day * DAY_MS;
    return {
      linkId: wide[(i * 7919) % wide.length] as string,
      lanesClosed: 2,
      startMs: dayMs + startH * HOUR_MS,
      endMs: dayMs + (startH + 2.5) * HOUR_MS,
    };
  });
}

/**
 * Runs the simulator and writes its detector measurements as NDJSON (gzipped when the file ends in .gz). Writes
 * synchronously in chunks: the simulation loop never yields, so an asynchronous stream would buffer the whole run.
 */
export async function writeSimulatedDataset(
  spec: SimulatedDatasetSpec,
  file: string,
  progress?: (message: string) => void,
): Promise<SimulatedDatasetResult> {
  const network = networkOf(spec);
  const incidents = incidentsFor(network, spec);
  const keep = detectorFilter(network, spec.maxDetectors);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const fd = fs.openSync(partial, 'w');
  const gzip = file.endsWith('.gz');
  let chunk = '';
  let lines = 0;
  const flush = (): void => {
    if (chunk.length === 0) return;
    if (gzip) fs.writeSync(fd, gzipSync(chunk, { level: 4 }));
    else fs.writeSync(fd, chunk);
    chunk = '';
  };
  const started = performance.now();
  try {
    await runOffline({
      network,
      seed: spec.seed,
      startMs: spec.startMs,
      hours: spec.days * 24,
      incidents,
      detectorIntervalS: spec.detectorIntervalS,
      utcOffsetHours: 8,
      progressEveryPct: spec.days > 7 ? 1 : 10,
      writeLine: (line) => {
        if (keep && !keep.has(detectorIdOf(line))) return;
        chunk += line;
        lines += 1;
        if (chunk.length >= CHUNK_CHARS) flush();
      },
      onProgress: (p) => progress?.(`simulated ${p.pct.toFixed(0)}% (${new Date(p.simTimeMs).toISOString()}) in ${p.wallS.toFixed(0)} s`),
    });
    flush();
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, file);
  const detectors = keep?.size ?? network.features.filter((f) => f.properties.kind === 'detector').length;
  return { file, lines, detectors, incidents, wallS: (performance.now() - started) / 1000 };
}

function detectorFilter(network: NetworkModel, maxDetectors: number | undefined): Set<string> | undefined {
  if (maxDetectors === undefined) return undefined;
  const ids = network.features.flatMap((f) => (f.properties.kind === 'detector' ? [f.properties.id] : [])).sort();
  return new Set(ids.slice(0, maxDetectors));
}

/** The simulator writes detectorId first; a prefix match is much cheaper than parsing every line. */
function detectorIdOf(line: string): string {
  const match = /^\{"detectorId":"([^"]+)"/.exec(line);
  return match?.[1] ?? '';
}

/** Epoch ms of local midnight (UTC+8, the demo's time zone) of a calendar date. */
export function localMidnight(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00+08:00`);
}
