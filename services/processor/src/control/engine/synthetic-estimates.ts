/**
 * One estimation step built by hand from a network model, for the engine's spec and benchmark: every detector
 * measured and trusted except those of the `faulty` junctions, approach flows from `flowVph`.
 */
import { detectorsOf, intersectionsOf, linksOf, type NetworkModel } from '@arterial/contracts/network';
import type { ApproachEstimate, DetectorEstimate, IntervalEstimates, LinkEstimate } from '../../estimation/estimation.types';
import { MISSING, measured } from '../../estimation/provenance';

export function syntheticEstimates(model: NetworkModel, tsMs: number, flowVph: (approachId: string, lanes: number) => number, faulty: ReadonlySet<string> = new Set()): IntervalEstimates {
  const lanesOf = new Map(intersectionsOf(model).flatMap((f) => f.properties.approaches.map((a): [string, number] => [a.id, a.lanes])));
  const detectors = detectorsOf(model).map(({ properties: d }): DetectorEstimate => {
    const bad = faulty.has(d.intersectionId);
    const lanes = lanesOf.get(d.approachId) ?? 1;
    return {
      detectorId: d.id,
      linkId: d.linkId,
      approachId: d.approachId,
      placement: d.placement,
      lane: d.lane,
      flowVph: bad ? MISSING : measured(flowVph(d.approachId, lanes) / lanes),
      occupancyPct: bad ? MISSING : measured(12),
      speedKph: bad ? MISSING : measured(40),
      densityVpkm: bad ? MISSING : measured(12),
      effectiveLengthM: 6,
      effectiveLengthSource: 'default',
      quality: { usedMeasurement: !bad, received: !bad, sampleIssues: [], status: bad ? 'bad' : 'good', score: bad ? 0 : 1, completeness: bad ? 0 : 1, faults: [], warnings: [] },
    };
  });
  const approaches = intersectionsOf(model).flatMap(({ properties: j }) =>
    j.approaches.map(
      (a): ApproachEstimate => ({
        approachId: a.id,
        intersectionId: j.id,
        linkId: a.linkId,
        flowVph: faulty.has(j.id) ? MISSING : measured(flowVph(a.id, a.lanes)),
        occupancyPct: measured(12),
        speedKph: measured(40),
        speedSource: 'advance',
        densityVpkm: measured(12),
      }),
    ),
  );
  const links = linksOf(model).map(
    ({ properties: l }): LinkEstimate => ({
      linkId: l.id,
      district: 'network',
      roadClass: 'arterial',
      lengthM: l.lengthM,
      flowVph: measured(600),
      occupancyPct: measured(10),
      speedKph: measured(36),
      speedSource: 'advance',
      densityVpkm: measured(10 * l.lanes),
      travelTimeS: measured(l.lengthM / 10),
      freeFlowSpeedKph: measured(l.speedLimitKph),
      freeFlowTravelTimeS: measured(l.lengthM / (l.speedLimitKph / 3.6)),
      tti: measured(1.2),
      delayS: measured(10),
      level: null,
      levelZh: null,
      levelProvenance: 'measured',
      notes: [],
    }),
  );
  return { tsMs, detectors, approaches, links, areas: [] };
}
