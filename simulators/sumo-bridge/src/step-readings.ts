/**
 * What the devices need from SUMO each step, fetched in one batched TraCI round trip: arrivals and departures,
 * each detector's vehicle ids, occupancy and mean speed (induction loops and lane-area detectors answer the same
 * variables), each light's phase, next switch and the state string it shows (for the conflict monitor). The query list and its
 * decoding live together so their order cannot drift apart.
 */
import type { LoopStepReading } from './detector-aggregator';
import type { TraciReader } from './traci/traci-codec';
import { GET, type GetSpec } from './traci/traci-client';

export interface LightReading {
  phaseIndex: number;
  nextSwitchS: number;
  /** What SUMO shows, one character per controlled link. */
  state: string;
}

/** A detector the bridge publishes: a SUMO induction loop (E1) or lane-area detector (E2). */
export interface StepDetector {
  id: string;
  kind: 'loop' | 'lane-area';
}

export interface StepReadings {
  arrived: number;
  departed: number;
  /** In the order of the detectors the queries were built for. */
  loops: LoopStepReading[];
  /** In the order of the light ids the queries were built for. */
  lights: LightReading[];
}

export interface StepQueries {
  gets: GetSpec[];
  read(values: TraciReader[]): StepReadings;
}

export function stepQueries(detectors: readonly StepDetector[], lightIds: readonly string[]): StepQueries {
  const gets = [
    GET.arrivedVehicleCount(),
    GET.departedVehicleCount(),
    ...detectors.flatMap(({ id, kind }) => [GET.detectorVehicleIds(kind, id), GET.detectorOccupancy(kind, id), GET.detectorMeanSpeed(kind, id)]),
    ...lightIds.flatMap((id) => [GET.tlsPhase(id), GET.tlsNextSwitch(id), GET.tlsState(id)]),
  ];
  const read = (values: TraciReader[]): StepReadings => {
    if (values.length !== gets.length) throw new Error(`expected ${gets.length} TraCI values, got ${values.length}`);
    let i = 0;
    const next = (): TraciReader => values[i++] as TraciReader;
    return {
      arrived: next().int(),
      departed: next().int(),
      loops: detectors.map(() => ({ vehicleIds: next().stringList(), occupancyPct: next().double(), meanSpeedMps: next().double() })),
      lights: lightIds.map(() => ({ phaseIndex: next().int(), nextSwitchS: next().double(), state: next().string() })),
    };
  };
  return { gets, read };
}
