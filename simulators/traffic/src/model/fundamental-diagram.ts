/**
 * Triangular fundamental diagram of a link, in whole-link units (all open lanes together):
 * q(k) = min(vf·k, Q, w·(kj − k)). Free-flow speed comes from the speed limit, capacity from the link,
 * jam density from one stopped vehicle per 7 m of lane, and the backward wave runs at 19 km/h. With the
 * demo's 1800 veh/h/lane the three lines almost meet, so the capacity cap only trims the tip of the triangle.
 */
import type { LinkProperties } from '@arterial/contracts/network';

/** Space per stopped vehicle in a queue (length plus gap), m. */
export const JAM_SPACING_M = 7;
/** Speed at which a queue's back moves upstream when it starts or stops, km/h. */
export const BACKWARD_WAVE_KPH = 19;
/** Drivers keep a little under the limit on an open road. */
export const FREE_SPEED_SHARE_OF_LIMIT = 0.95;

export interface FundamentalDiagram {
  freeSpeedMps: number;
  /** Whole-link capacity with every lane open, veh/s. */
  capacityVps: number;
  /** Whole-link jam density with every lane open, veh/m. */
  jamDensityVpm: number;
  backwardWaveMps: number;
}

export function fundamentalDiagramOf(link: Pick<LinkProperties, 'lanes' | 'speedLimitKph' | 'capacityVph'>): FundamentalDiagram {
  return {
    freeSpeedMps: (link.speedLimitKph * FREE_SPEED_SHARE_OF_LIMIT) / 3.6,
    capacityVps: link.capacityVph / 3600,
    jamDensityVpm: link.lanes / JAM_SPACING_M,
    backwardWaveMps: BACKWARD_WAVE_KPH / 3.6,
  };
}

/** Equilibrium flow at a density, veh/s; openShare scales capacity and jam density for closed lanes. */
export function flowAtDensityVps(fd: FundamentalDiagram, densityVpm: number, openShare = 1): number {
  const jam = fd.jamDensityVpm * openShare;
  if (densityVpm <= 0 || densityVpm >= jam) return 0;
  return Math.min(fd.freeSpeedMps * densityVpm, fd.capacityVps * openShare, fd.backwardWaveMps * (jam - densityVpm));
}
