/**
 * Congestion level of a link from its (predicted) average travel speed, by GB/T 33171-2016 (城市交通运行状况评价规范),
 * whose thresholds depend on the road class. Level 1 is free flow (畅通), 5 is severe congestion (严重拥堵).
 */
export type RoadClass = 'expressway' | 'arterial' | 'secondary';
export type CongestionLevel = 1 | 2 | 3 | 4 | 5;

/** Lower speed bounds (km/h) of levels 1–4; at or below the last one the level is 5. */
const THRESHOLDS_KPH: Record<RoadClass, readonly [number, number, number, number]> = {
  expressway: [65, 50, 35, 20],
  arterial: [40, 30, 20, 15],
  secondary: [35, 25, 15, 10],
};

export function congestionLevel(speedKph: number, roadClass: RoadClass): CongestionLevel | undefined {
  if (!Number.isFinite(speedKph)) return undefined;
  const [free, basic, light, moderate] = THRESHOLDS_KPH[roadClass];
  if (speedKph > free) return 1;
  if (speedKph > basic) return 2;
  if (speedKph > light) return 3;
  if (speedKph > moderate) return 4;
  return 5;
}
