/**
 * Reads detector measurements (NDJSON, optionally gzipped; any order, any interval, gaps allowed) into one dense
 * time grid of the target field. Two streamed passes keep memory bounded by the grid, never by the file: the first
 * finds the detectors, the time range and the interval; the second fills the cells.
 */
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { SeriesGrid } from '../prediction/series-grid';
import type { MeasurementTarget } from './eval-prediction.options';

/** Lines with another interval than the common one are dropped up to this share; above it the input is rejected. */
export const MAX_OTHER_INTERVAL_SHARE = 0.01;
/** 1.6 GB of Float32 cells. */
export const MAX_GRID_CELLS = 400_000_000;

export interface GridReadReport {
  lines: number;
  /** Lines that are not a JSON object with a detectorId and a time stamp. */
  malformed: number;
  /** Lines dropped for an interval other than the common one. */
  otherInterval: number;
  /** Lines whose target field is null or absent: missing values. */
  missingTarget: number;
  /** Later lines for a cell already filled (the last one wins). */
  duplicates: number;
  /** Time stamps off the grid, snapped to the nearest step. */
  misaligned: number;
  /** Where the step came from: the lines' common intervalS, or the greatest common divisor of time stamp gaps. */
  stepFrom: 'intervalS' | 'timestamps';
  /** Share of grid cells with a value. */
  completeness: number;
}

export interface GridReadResult {
  grid: SeriesGrid;
  report: GridReadReport;
}

interface Parsed {
  detectorId: string;
  ts: number;
  intervalS: number | undefined;
  value: number;
}

export class InputError extends Error {}

export async function readMeasurementGrid(
  file: string,
  target: MeasurementTarget,
  onProgress?: (pass: 1 | 2, lines: number) => void,
): Promise<GridReadResult> {
  if (!fs.existsSync(file)) throw new InputError(`input file not found: ${file}`);
  const report: GridReadReport = { lines: 0, malformed: 0, otherInterval: 0, missingTarget: 0, duplicates: 0, misaligned: 0, stepFrom: 'intervalS', completeness: 0 };

  // Pass 1: detectors, intervals and time range per interval.
  const detectors = new Set<string>();
  const byInterval = new Map<number, { lines: number; minTs: number; maxTs: number }>();
  const untimed = { lines: 0, minTs: Infinity, maxTs: -Infinity, firstTs: NaN, gcd: 0 };
  await forEachLine(file, (line) => {
    report.lines++;
    const m = parseLine(line, target);
    if (!m) {
      report.malformed++;
      return;
    }
    detectors.add(m.detectorId);
    if (m.intervalS === undefined) {
      if (Number.isNaN(untimed.firstTs)) untimed.firstTs = m.ts;
      untimed.lines++;
      untimed.minTs = Math.min(untimed.minTs, m.ts);
      untimed.maxTs = Math.max(untimed.maxTs, m.ts);
      untimed.gcd = gcd(untimed.gcd, Math.abs(m.ts - untimed.firstTs));
      return;
    }
    const s = byInterval.get(m.intervalS);
    if (s) {
      s.lines++;
      if (m.ts < s.minTs) s.minTs = m.ts;
      if (m.ts > s.maxTs) s.maxTs = m.ts;
    } else byInterval.set(m.intervalS, { lines: 1, minTs: m.ts, maxTs: m.ts });
    if (report.lines % 1_000_000 === 0) onProgress?.(1, report.lines);
  });
  if (detectors.size === 0) throw new InputError(`no detector measurements in ${file} (${report.lines} lines, ${report.malformed} malformed)`);

  let stepMs: number;
  let acceptInterval: number | undefined;
  let minTs: number;
  let maxTs: number;
  const timed = [...byInterval.entries()].sort((a, b) => b[1].lines - a[1].lines);
  const common = timed[0];
  if (common) {
    const [intervalS, s] = common;
    const other = timed.slice(1).reduce((sum, [, o]) => sum + o.lines, 0);
    const usable = s.lines + other;
    if (other > MAX_OTHER_INTERVAL_SHARE * usable) {
      const mix = timed.slice(0, 5).map(([i, o]) => `${i} s (${o.lines} lines)`).join(', ');
      throw new InputError(`detectors report on different intervals: ${mix}; all detectors must share one grid, so resample the input to one interval first`);
    }
    report.otherInterval = other;
    stepMs = intervalS * 1000;
    acceptInterval = intervalS;
    minTs = Math.min(s.minTs, untimed.minTs);
    maxTs = Math.max(s.maxTs, untimed.maxTs);
  } else {
    if (!(untimed.gcd > 0)) throw new InputError('cannot infer the interval: no intervalS and a single time stamp');
    report.stepFrom = 'timestamps';
    stepMs = untimed.gcd;
    minTs = untimed.minTs;
    maxTs = untimed.maxTs;
  }
  const detectorIds = [...detectors].sort();
  const n = detectorIds.length;
  const steps = Math.round((maxTs - minTs) / stepMs) + 1;
  if (steps * n > MAX_GRID_CELLS) {
    throw new InputError(`grid of ${steps} intervals × ${n} detectors is too large (${MAX_GRID_CELLS} cells at most); use a coarser interval or fewer days`);
  }

  // Pass 2: fill.
  const index = new Map(detectorIds.map((id, i) => [id, i]));
  const values = new Float32Array(steps * n).fill(NaN);
  const seen = new Uint8Array(steps * n);
  let lines = 0;
  await forEachLine(file, (line) => {
    lines++;
    if (lines % 1_000_000 === 0) onProgress?.(2, lines);
    const m = parseLine(line, target);
    if (!m) return;
    if (m.intervalS !== undefined && m.intervalS !== acceptInterval) return;
    const exact = (m.ts - minTs) / stepMs;
    const t = Math.round(exact);
    if (Math.abs(exact - t) > 1e-6) report.misaligned++;
    const cell = t * n + (index.get(m.detectorId) as number);
    if (seen[cell]) report.duplicates++;
    seen[cell] = 1;
    if (Number.isNaN(m.value)) report.missingTarget++;
    values[cell] = m.value;
  });
  let filled = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i] as number)) filled++;
  report.completeness = filled / values.length;
  return { grid: { detectorIds, startMs: minTs, stepMs, steps, values }, report };
}

/** One measurement line, or undefined when it is not one. A null or absent target is a missing value (NaN). */
export function parseLine(line: string, target: MeasurementTarget): Parsed | undefined {
  if (line.length < 2) return undefined;
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof o !== 'object' || o === null) return undefined;
  const r = o as Record<string, unknown>;
  const detectorId = typeof r.detectorId === 'string' ? r.detectorId : typeof r.detectorId === 'number' ? String(r.detectorId) : undefined;
  const ts = typeof r.ts === 'number' ? r.ts : typeof r.ts === 'string' ? Date.parse(r.ts) : NaN;
  if (!detectorId || !Number.isFinite(ts)) return undefined;
  const intervalS = typeof r.intervalS === 'number' && r.intervalS > 0 ? r.intervalS : undefined;
  const v = r[target];
  return { detectorId, ts, intervalS, value: typeof v === 'number' && Number.isFinite(v) ? v : NaN };
}

async function forEachLine(file: string, onLine: (line: string) => void): Promise<void> {
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const input = (await isGzip(file)) ? stream.pipe(createGunzip()) : stream;
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const failed = new Promise<never>((_, reject) => {
    stream.on('error', reject);
    input.on('error', reject);
  });
  lines.on('line', onLine);
  await Promise.race([once(lines, 'close'), failed]);
}

/** By content, not by name: the gzip magic bytes. */
async function isGzip(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

function gcd(a: number, b: number): number {
  let x = Math.round(a);
  let y = Math.round(b);
  while (y) [x, y] = [y, x % y];
  return x;
}
