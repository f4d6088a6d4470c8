/**
 * Queue per lane at the start of green, from what loop detectors give each interval (documented in
 * docs/signal-control.md):
 * - arrivals during red: a lane receiving q veh/h while its phase is red for r seconds stores q·r/3600 vehicles;
 * - spill-back: an advance loop occupied most of the interval sits under a standing queue, so the queue reaches at
 *   least its distance from the stop line, at a jam spacing of 7 m per vehicle.
 * The larger of the two is the estimate: counts alone under-read a queue that no longer discharges in one green.
 */
export const JAM_SPACING_M = 7;
/** Advance occupancy above which the loop is taken to sit under a queue. */
export const SPILLBACK_OCCUPANCY_PCT = 50;

export interface QueueInputs {
  readonly flowPerLaneVph: number;
  readonly redS: number;
  readonly advanceOccupancyPct: number | null;
  readonly advanceDistanceM: number | null;
}

export function queuePerLaneVeh(inputs: QueueInputs): number {
  const arrivals = (inputs.flowPerLaneVph * Math.max(0, inputs.redS)) / 3600;
  const spill =
    inputs.advanceOccupancyPct !== null && inputs.advanceDistanceM !== null && inputs.advanceOccupancyPct >= SPILLBACK_OCCUPANCY_PCT
      ? inputs.advanceDistanceM / JAM_SPACING_M
      : 0;
  return Math.max(arrivals, spill);
}

/** Vehicles per lane stored on a link, from its density (all lanes) and length. */
export function storedPerLaneVeh(densityVpkm: number, lengthM: number, lanes: number): number {
  return (densityVpkm * lengthM) / 1000 / Math.max(1, lanes);
}

/**
 * Vehicles per lane queued on a link: those stored beyond what its flow holds while moving at free-flow speed
 * (k − q / v_f). Moving traffic is not a queue: counting it would make a busy downstream link look blocked and
 * take green from the movements feeding it (max-pressure's downstream term). Without flow or free-flow speed, the
 * whole stored count.
 */
export function queuedPerLaneVeh(link: { densityVpkm: number; flowVph: number | null; freeFlowSpeedKph: number | null; lengthM: number; lanes: number }): number {
  const moving = link.flowVph !== null && link.freeFlowSpeedKph !== null && link.freeFlowSpeedKph > 0 ? link.flowVph / link.freeFlowSpeedKph : 0;
  return storedPerLaneVeh(Math.max(0, link.densityVpkm - moving), link.lengthM, link.lanes);
}
