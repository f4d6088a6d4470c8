/**
 * Flat-earth projection around an origin: metres east/north ↔ WGS84 lon/lat.
 * Across a city (tens of kilometres) its error is far below a lane width, and it keeps generation exact and fast.
 */
const METRES_PER_DEGREE_LAT = 111_320;

export type LonLat = [number, number];

export interface LocalPoint {
  /** Metres east of the origin. */
  x: number;
  /** Metres north of the origin. */
  y: number;
}

export class LocalProjection {
  private readonly metresPerDegreeLon: number;

  constructor(private readonly origin: LonLat) {
    this.metresPerDegreeLon = METRES_PER_DEGREE_LAT * Math.cos((origin[1] * Math.PI) / 180);
  }

  /** Lon/lat rounded to 7 decimals (≈1 cm): stable text output for a diffable generated file. */
  toLonLat(p: LocalPoint): LonLat {
    return [round7(this.origin[0] + p.x / this.metresPerDegreeLon), round7(this.origin[1] + p.y / METRES_PER_DEGREE_LAT)];
  }
}

function round7(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}

/** Compass bearing (0 = north, clockwise, [0, 360)) of the direction from a to b. */
export function bearingDeg(from: LocalPoint, to: LocalPoint): number {
  const deg = (Math.atan2(to.x - from.x, to.y - from.y) * 180) / Math.PI;
  return (deg + 360) % 360;
}

export function distanceM(a: LocalPoint, b: LocalPoint): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}

/** The point `distance` metres from `from` towards `to`, shifted `rightM` metres to the right of that heading. */
export function alongWithOffset(from: LocalPoint, to: LocalPoint, distance: number, rightM: number): LocalPoint {
  const length = distanceM(from, to);
  const ux = (to.x - from.x) / length;
  const uy = (to.y - from.y) / length;
  // Right of heading (ux, uy) is (uy, -ux).
  return { x: from.x + ux * distance + uy * rightM, y: from.y + uy * distance - ux * rightM };
}
