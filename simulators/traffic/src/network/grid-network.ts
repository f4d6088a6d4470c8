/**
 * Synthetic arterial grids of any size for load tests (thousands of junctions), built by the same engine as the
 * demo network so that everything the demo exercises scales unchanged. Every fourth corridor is a major road,
 * every other one a secondary road.
 */
import type { NetworkModel } from '@arterial/contracts/network';
import type { LonLat } from '../geo/local-projection';
import { buildArterialGrid, type Corridor } from './arterial-grid';
import { BELL_TOWER_LON_LAT } from './demo-network';

export interface GridNetworkOptions {
  rows: number;
  cols: number;
  /** Junction spacing in metres (default 500). */
  spacingM?: number;
  /** Centre of the grid (default: the demo's Bell Tower). */
  center?: LonLat;
  detectorIntervalS?: number;
}

const MAX_SIDE = 9999;

function corridor(index: number, offsetM: number, axis: 'row' | 'col'): Corridor {
  const n = index + 1;
  const name = axis === 'row' ? { name: `East–West Road ${n}`, nameZh: `横${n}路` } : { name: `North–South Road ${n}`, nameZh: `纵${n}路` };
  if (index % 4 === 0) return { offsetM, before: name, lanes: 3, speedKph: 60, importance: 'major' };
  if (index % 2 === 0) return { offsetM, before: name, lanes: 3, speedKph: 50, importance: 'secondary' };
  return { offsetM, before: name, lanes: 2, speedKph: 50, importance: 'minor' };
}

export function gridNetwork(options: GridNetworkOptions): NetworkModel {
  const { rows, cols } = options;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || rows > MAX_SIDE || cols > MAX_SIDE) {
    throw new Error(`grid must be 1–${MAX_SIDE} rows and columns, got ${rows} × ${cols}`);
  }
  const spacingM = options.spacingM ?? 500;
  const pad = (i: number): string => String(i + 1).padStart(4, '0');
  return buildArterialGrid({
    name: `Synthetic grid ${rows} × ${cols}`,
    origin: options.center ?? BELL_TOWER_LON_LAT,
    zoom: 12,
    // Row 0 is the northernmost; the grid is centred on the origin.
    rows: Array.from({ length: rows }, (_, r) => corridor(r, ((rows - 1) / 2 - r) * spacingM, 'row')),
    cols: Array.from({ length: cols }, (_, c) => corridor(c, (c - (cols - 1) / 2) * spacingM, 'col')),
    intersectionId: (r, c) => `G${pad(r)}-${pad(c)}`,
    boundaryLinkLengthM: 400,
    detectorIntervalS: options.detectorIntervalS ?? 10,
    cycleBoundsS: { min: 90, max: 180 },
    progressionKph: 40,
    planId: 'fallback-fixed',
  });
}
