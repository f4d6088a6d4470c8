/**
 * Delay measures of one run from SUMO's tripinfo written with `--tripinfo-output.write-unfinished` and
 * `--tripinfo-output.write-undeparted` (both in SUMO 1.15). Every vehicle due in the window counts: one that arrived,
 * one still running at the end (its time loss so far) and one never inserted (SUMO writes it with `depart="-1"` and
 * `departDelay` = end − intended depart). A control that blocks entries therefore cannot look good by keeping
 * vehicles out of the network.
 */
import * as fs from 'node:fs';
import { visitXmlFile, visitXmlText, type XmlVisitor } from '../index';

export interface DelayMetrics {
  /** Mean of timeLoss + departDelay over every vehicle due in the window (arrived, running, never inserted). */
  meanDelayS: number;
  /** Mean time loss of the vehicles that entered the network (arrived or running). */
  meanTimeLossS: number;
  /** Mean time standing (speed < 0.1 m/s) of the vehicles that entered the network. */
  meanWaitingS: number;
  /** Mean trip duration of the vehicles that arrived. */
  meanTravelTimeS: number;
  arrived: number;
  /** Inserted and still in the network at the end. */
  running: number;
  /** Due to depart before the end but never inserted (entry blocked). */
  notInserted: number;
}

interface Totals {
  arrived: number;
  running: number;
  notInserted: number;
  delayS: number;
  timeLossS: number;
  waitingS: number;
  travelTimeS: number;
}

export async function delayMetricsOfTripinfoFile(file: string): Promise<DelayMetrics> {
  const totals = emptyTotals();
  // A run cut short still has its tripinfo up to there; a missing file is a run without vehicles.
  if (fs.existsSync(file)) await visitXmlFile(file, visitor(totals), { allowTruncated: true });
  return metricsOf(totals);
}

export function delayMetricsOfTripinfo(xml: string): DelayMetrics {
  const totals = emptyTotals();
  if (xml !== '') visitXmlText(xml, visitor(totals), 'tripinfo', { allowTruncated: true });
  return metricsOf(totals);
}

function emptyTotals(): Totals {
  return { arrived: 0, running: 0, notInserted: 0, delayS: 0, timeLossS: 0, waitingS: 0, travelTimeS: 0 };
}

function visitor(totals: Totals): XmlVisitor {
  return ({ name, attrs }) => {
    if (name !== 'tripinfo') return;
    const num = (key: string): number => {
      const value = Number(attrs[key] ?? 0);
      return Number.isFinite(value) ? value : 0;
    };
    const departDelayS = Math.max(0, num('departDelay'));
    if (num('depart') < 0) {
      totals.notInserted++;
      totals.delayS += departDelayS;
      return;
    }
    const timeLossS = num('timeLoss');
    totals.delayS += timeLossS + departDelayS;
    totals.timeLossS += timeLossS;
    totals.waitingS += num('waitingTime');
    if (num('arrival') >= 0) {
      totals.arrived++;
      totals.travelTimeS += num('duration');
    } else {
      totals.running++;
    }
  };
}

function metricsOf(t: Totals): DelayMetrics {
  const mean = (sum: number, n: number): number => (n === 0 ? 0 : Math.round((sum / n) * 100) / 100);
  const inserted = t.arrived + t.running;
  return {
    meanDelayS: mean(t.delayS, inserted + t.notInserted),
    meanTimeLossS: mean(t.timeLossS, inserted),
    meanWaitingS: mean(t.waitingS, inserted),
    meanTravelTimeS: mean(t.travelTimeS, t.arrived),
    arrived: t.arrived,
    running: t.running,
    notInserted: t.notInserted,
  };
}
