/**
 * Outcome measures from SUMO's own --tripinfo-output: per-trip time loss, waiting time and duration. The bridge
 * asks SUMO for unfinished trips too (`--tripinfo-output.write-unfinished`, `arrival="-1"`): they are counted
 * apart, so a control that keeps vehicles in the network cannot look good by finishing fewer trips.
 */
import * as fs from 'node:fs';
import { type OpenXmlFile, visitXmlFile, visitXmlText, type XmlVisitor } from './xml/xml-element.reader';

export interface TripSummary {
  /** Trips that reached their destination (the means are over these). */
  trips: number;
  /** Vehicles still on their way when the run ended. */
  unfinished: number;
  meanTimeLossS: number;
  meanWaitingTimeS: number;
  meanDurationS: number;
  totalTimeLossS: number;
  /** Arrived vehicles per hour of simulated time. */
  throughputVph: number;
}

/**
 * Summarises a tripinfo file as a stream (a long run writes hundreds of MB). A missing file is a run without
 * trips, and a file cut short (SUMO killed while writing) counts the trips written until then.
 */
export async function summariseTripinfoFile(tripinfoFile: string, simulatedS: number, open?: OpenXmlFile): Promise<TripSummary> {
  const totals = tripTotals();
  if (fs.existsSync(tripinfoFile)) await visitXmlFile(tripinfoFile, totals.visit, { open, allowTruncated: true });
  return totals.summary(simulatedS);
}

/** Summarises tripinfo XML already in memory; '' is a run without trips. */
export function summariseTripinfo(xml: string, simulatedS: number): TripSummary {
  const totals = tripTotals();
  if (xml !== '') visitXmlText(xml, totals.visit, 'tripinfo', { allowTruncated: true });
  return totals.summary(simulatedS);
}

function tripTotals(): { visit: XmlVisitor; summary: (simulatedS: number) => TripSummary } {
  let trips = 0;
  let unfinished = 0;
  let timeLoss = 0;
  let waiting = 0;
  let duration = 0;
  const visit: XmlVisitor = ({ name, attrs }) => {
    if (name !== 'tripinfo') return;
    if (Number(attrs.arrival ?? 0) < 0) {
      unfinished++;
      return;
    }
    trips++;
    timeLoss += Number(attrs.timeLoss ?? 0);
    waiting += Number(attrs.waitingTime ?? 0);
    duration += Number(attrs.duration ?? 0);
  };
  const mean = (v: number): number => (trips === 0 ? 0 : Math.round((v / trips) * 100) / 100);
  const summary = (simulatedS: number): TripSummary => ({
    trips,
    unfinished,
    meanTimeLossS: mean(timeLoss),
    meanWaitingTimeS: mean(waiting),
    meanDurationS: mean(duration),
    totalTimeLossS: Math.round(timeLoss),
    throughputVph: simulatedS > 0 ? Math.round((trips * 3600) / simulatedS) : 0,
  });
  return { visit, summary };
}
