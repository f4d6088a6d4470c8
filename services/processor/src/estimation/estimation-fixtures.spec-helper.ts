/**
 * Hand-built networks and detector samples for the estimation and quality specs: a short signalised corridor
 * B0 → I1 → I2 → B1 with detectors a firmware team or the SUMO bridge would place.
 */
import { parseNetworkModel, type DetectorFeature, type IntersectionFeature, type LinkFeature, type NetworkModel } from '@arterial/contracts/network';
import type { DetectorSample } from '../quality/detector-sample';

export const T0_MS = Date.UTC(2026, 0, 15, 0, 0, 0);
export const MINUTE_MS = 60_000;

function intersection(id: string, approachLinks: string[], lon: number): IntersectionFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, 31.2] },
    properties: {
      kind: 'intersection',
      id,
      name: id,
      approaches: approachLinks.map((linkId, i) => ({ id: `${id}-a${i + 1}`, linkId, bearingDeg: 90, lanes: 2 })),
      phases: [
        { id: 2, name: 'EW', movements: [], minGreenS: 5, maxGreenS: 60, yellowS: 3, allRedS: 2 },
        { id: 4, name: 'NS', movements: [], minGreenS: 5, maxGreenS: 60, yellowS: 3, allRedS: 2 },
      ],
      sequence: [2, 4],
      conflicts: [[2, 4]],
      fallbackPlan: { planId: 'fb', cycleS: 90, offsetS: 0, splits: [{ phase: 2, greenS: 40 }, { phase: 4, greenS: 40 }] },
    },
  };
}

export interface LinkSpec {
  id: string;
  from: string;
  to: string;
  lengthM?: number;
  lanes?: number;
  speedLimitKph?: number;
  extra?: Record<string, unknown>;
}

function link(spec: LinkSpec): LinkFeature {
  return {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: [[121.4, 31.2], [121.41, 31.2]] },
    properties: {
      kind: 'link',
      id: spec.id,
      name: spec.id,
      fromNode: spec.from,
      toNode: spec.to,
      lanes: spec.lanes ?? 2,
      lengthM: spec.lengthM ?? 500,
      speedLimitKph: spec.speedLimitKph ?? 50,
      capacityVph: 1800 * (spec.lanes ?? 2),
      ...spec.extra,
    },
  };
}

export interface DetectorSpec {
  id: string;
  linkId: string;
  intersectionId: string;
  approachId: string;
  lane: number;
  placement: 'stop-bar' | 'advance';
  intervalS?: number;
}

function detector(spec: DetectorSpec): DetectorFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [121.405, 31.2] },
    properties: {
      kind: 'detector',
      id: spec.id,
      intersectionId: spec.intersectionId,
      approachId: spec.approachId,
      linkId: spec.linkId,
      lane: spec.lane,
      placement: spec.placement,
      distanceFromStopLineM: spec.placement === 'advance' ? 80 : 0,
      technology: 'loop',
      intervalS: spec.intervalS ?? 60,
    },
  };
}

/**
 * L1 (B0 → I1, 500 m, 2 lanes): advance detectors L1-A1, L1-A2 and stop-bar detectors L1-S1, L1-S2.
 * L2 (I1 → I2, 400 m, 2 lanes): advance detectors L2-A1, L2-A2. L3 (I2 → B1) has none.
 */
export function corridorNetwork(options: { linkExtra?: Record<string, Record<string, unknown>>; intervalS?: number } = {}): NetworkModel {
  const links: LinkSpec[] = [
    { id: 'L1', from: 'B0', to: 'I1', lengthM: 500, extra: options.linkExtra?.['L1'] },
    { id: 'L2', from: 'I1', to: 'I2', lengthM: 400, extra: options.linkExtra?.['L2'] },
    { id: 'L3', from: 'I2', to: 'B1', lengthM: 300, extra: options.linkExtra?.['L3'] },
  ];
  const intervalS = options.intervalS;
  const detectors: DetectorSpec[] = [
    { id: 'L1-A1', linkId: 'L1', intersectionId: 'I1', approachId: 'I1-a1', lane: 1, placement: 'advance', intervalS },
    { id: 'L1-A2', linkId: 'L1', intersectionId: 'I1', approachId: 'I1-a1', lane: 2, placement: 'advance', intervalS },
    { id: 'L1-S1', linkId: 'L1', intersectionId: 'I1', approachId: 'I1-a1', lane: 1, placement: 'stop-bar', intervalS },
    { id: 'L1-S2', linkId: 'L1', intersectionId: 'I1', approachId: 'I1-a1', lane: 2, placement: 'stop-bar', intervalS },
    { id: 'L2-A1', linkId: 'L2', intersectionId: 'I2', approachId: 'I2-a1', lane: 1, placement: 'advance', intervalS },
    { id: 'L2-A2', linkId: 'L2', intersectionId: 'I2', approachId: 'I2-a1', lane: 2, placement: 'advance', intervalS },
  ];
  return parseNetworkModel({
    type: 'FeatureCollection',
    format: 'arterial-network',
    version: 1,
    name: 'hand-built corridor',
    view: { center: [121.4, 31.2], zoom: 14 },
    features: [intersection('I1', ['L1'], 121.41), intersection('I2', ['L2'], 121.42), ...links.map(link), ...detectors.map(detector)],
  });
}

export function sample(detectorId: string, tsMs: number, values: { volume: number; occupancyPct: number; speedKph?: number; intervalS?: number; health?: DetectorSample['health'] }): DetectorSample {
  const s: DetectorSample = {
    detectorId,
    ts: tsMs,
    seq: Math.floor(tsMs / MINUTE_MS) % 1_000_000,
    intervalS: values.intervalS ?? 60,
    volume: values.volume,
    occupancyPct: values.occupancyPct,
    health: values.health ?? 'ok',
  };
  if (values.speedKph !== undefined) s.speedKph = values.speedKph;
  return s;
}

/** Deterministic uniform numbers in [0, 1), so generated days are the same on every run. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * One lane's plausible 60-s interval at a given flow and mean speed with mean effective length g: occupancy o = q·g/v,
 * with ±10 % noise on flow, ±10 % on the interval's mean speed and ±10 % on its vehicles' mean length, as real loops
 * vary (and as the entropy diagnostic expects of a working loop).
 */
export function plausibleInterval(flowVph: number, speedKph: number, rnd: () => number, gM = 6): { volume: number; occupancyPct: number; speedKph: number } {
  const volume = Math.max(0, Math.round((flowVph * (0.9 + 0.2 * rnd())) / 60));
  const v = speedKph * (0.9 + 0.2 * rnd());
  const g = gM * (0.9 + 0.2 * rnd());
  const occupancyPct = Math.min(100, (((volume * 60) / 3600) * g * 100) / (v / 3.6));
  return { volume, occupancyPct: Math.round(occupancyPct * 10) / 10, speedKph: Math.round(v * 10) / 10 };
}

/** Urban lane flow over a day (veh/h): night trough, morning and evening peaks. */
export function dayProfileFlowVph(minuteOfDay: number): number {
  const h = minuteOfDay / 60;
  const peak = (centre: number, width: number) => Math.exp(-(((h - centre) / width) ** 2));
  return 60 + 700 * peak(8, 1.5) + 650 * peak(18, 1.8) + 350 * peak(13, 3);
}
