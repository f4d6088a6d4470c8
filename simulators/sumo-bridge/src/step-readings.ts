/**
 * What the devices need from SUMO each step, fetched in one batched TraCI round trip: arrivals and departures,
 * each loop's vehicle ids, occupancy and mean speed, each light's phase and next switch. The query list and its
 * decoding live together so their order cannot drift apart.
 */
import type { LoopStepReading } from './detector-aggregator';
import type { TraciReader } from './traci/traci-codec';
import { GET, type GetSpec } from './traci/traci-client';

export interface LightReading {
  phaseIndex: number;
  nextSwitchS: number;
}

export interface StepReadings {
  arrived: number;
  departed: number;
  /** In the order of the loop ids the queries were built for. */
  loops: LoopStepReading[];
  /** In the order of the light ids the queries were built for. */
  lights: LightReading[];
}

export interface StepQueries {
  gets: GetSpec[];
  read(values: TraciReader[]): StepReadings;
}

export function stepQueries(loopIds: readonly string[], lightIds: readonly string[]): StepQueries {
  const gets = [
    GET.arrivedVehicleCount(),
    GET.departedVehicleCount(),
    ...loopIds.flatMap((id) => [GET.loopVehicleIds(id), GET.loopOccupancy(id), GET.loopMeanSpeed(id)]),
    ...lightIds.flatMap((id) => [GET.tlsPhase(id), GET.tlsNextSwitch(id)]),
  ];
  const read = (values: TraciReader[]): StepReadings => {
    if (values.length !== gets.length) throw new Error(`expected ${gets.length} TraCI values, got ${values.length}`);
    let i = 0;
    const next = (): TraciReader => values[i++] as TraciReader;
    return {
      arrived: next().int(),
      departed: next().int(),
      loops: loopIds.map(() => ({ vehicleIds: next().stringList(), occupancyPct: next().double(), meanSpeedMps: next().double() })),
      lights: lightIds.map(() => ({ phaseIndex: next().int(), nextSwitchS: next().double() })),
    };
  };
  return { gets, read };
}
