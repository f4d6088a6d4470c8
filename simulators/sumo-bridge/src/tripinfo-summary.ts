/** Outcome measures from SUMO's own --tripinfo-output: per-trip time loss, waiting time and duration. */
import { xmlElements } from './xml-elements';

export interface TripSummary {
  /** Trips that reached their destination. */
  trips: number;
  meanTimeLossS: number;
  meanWaitingTimeS: number;
  meanDurationS: number;
  totalTimeLossS: number;
  /** Arrived vehicles per hour of simulated time. */
  throughputVph: number;
}

export function summariseTripinfo(xml: string, simulatedS: number): TripSummary {
  let trips = 0;
  let timeLoss = 0;
  let waiting = 0;
  let duration = 0;
  for (const el of xmlElements(xml)) {
    if (el.name !== 'tripinfo') continue;
    trips++;
    timeLoss += Number(el.attrs.timeLoss ?? 0);
    waiting += Number(el.attrs.waitingTime ?? 0);
    duration += Number(el.attrs.duration ?? 0);
  }
  const mean = (v: number): number => (trips === 0 ? 0 : Math.round((v / trips) * 100) / 100);
  return {
    trips,
    meanTimeLossS: mean(timeLoss),
    meanWaitingTimeS: mean(waiting),
    meanDurationS: mean(duration),
    totalTimeLossS: Math.round(timeLoss),
    throughputVph: simulatedS > 0 ? Math.round((trips * 3600) / simulatedS) : 0,
  };
}
