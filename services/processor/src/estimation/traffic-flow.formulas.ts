/**
 * Fundamental relations of traffic flow used by the estimators (see /work/shared/ALGORITHMS.md, "Estimation from
 * detectors"). Plain numbers in, plain numbers out; provenance is handled by the callers.
 */

const SECONDS_PER_HOUR = 3600;
const KPH_PER_MPS = 3.6;

/** q = volume · 3600 / intervalS. */
export function flowVphFromVolume(volume: number, intervalS: number): number {
  return (volume * SECONDS_PER_HOUR) / intervalS;
}

/**
 * Single-loop speed v = q · g / o (Athol 1965; Jia, Chen, Coifman & Varaiya 2001, "The PeMS algorithms for accurate,
 * real-time estimates of g-factors and speeds from single-loop detectors", IEEE ITSC). Undefined without occupancy.
 */
export function speedKphFromFlowOccupancy(flowVph: number, occupancyPct: number, effectiveLengthM: number): number | null {
  if (occupancyPct <= 0) return null;
  const flowVps = flowVph / SECONDS_PER_HOUR;
  const occupancy = occupancyPct / 100;
  return (flowVps * effectiveLengthM * KPH_PER_MPS) / occupancy;
}

/** g = v · o / q: the effective vehicle length that makes a measured speed consistent with flow and occupancy. */
export function effectiveLengthM(flowVph: number, occupancyPct: number, speedKph: number): number | null {
  if (flowVph <= 0 || speedKph <= 0) return null;
  return ((speedKph / KPH_PER_MPS) * (occupancyPct / 100)) / (flowVph / SECONDS_PER_HOUR);
}

/** k = q / v, vehicles per km (per lane when q is per lane). */
export function densityVpkm(flowVph: number, speedKph: number): number | null {
  return speedKph > 0 ? flowVph / speedKph : null;
}

/** Density from occupancy alone, k = o / g: still defined when traffic stands (q = 0, v = 0). */
export function densityVpkmFromOccupancy(occupancyPct: number, effectiveLengthM: number): number {
  return (occupancyPct / 100 / effectiveLengthM) * 1000;
}

/** Travel time over a length at a speed. */
export function travelTimeS(lengthM: number, speedKph: number): number | null {
  return speedKph > 0 ? lengthM / (speedKph / KPH_PER_MPS) : null;
}

/**
 * Space-mean speed of several detectors as the flow-weighted harmonic mean Σq / Σ(q/v) (Wardrop 1952): the mean of
 * travel-time rates, which is what a travel time over the link needs, not the arithmetic mean of spot speeds.
 */
export function flowWeightedHarmonicMeanKph(parts: readonly { flowVph: number; speedKph: number }[]): number | null {
  let flow = 0;
  let pace = 0;
  for (const p of parts) {
    if (p.flowVph <= 0 || p.speedKph <= 0) continue;
    flow += p.flowVph;
    pace += p.flowVph / p.speedKph;
  }
  return pace > 0 ? flow / pace : null;
}
