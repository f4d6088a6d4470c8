/**
 * The indicator centre's figures for one estimation interval, per area (the whole network, then each district):
 * space-mean speed, TTI and GB/T 33171 index (from the area estimate), vehicle-hours of delay, congested link-km,
 * and the completeness and quality score of the area's detectors. Pure: replay computes exactly what live did.
 */
import { NETWORK_AREA_ID, type Kpi } from '@arterial/contracts/api/v1';
import type { AreaEstimate, DetectorEstimate, IntervalEstimates, LinkEstimate } from '../estimation/estimation.types';
import { CONGESTED_MILEAGE_LEVEL, levelRank, type GbtLevel } from '../estimation/gbt-33171.levels';
import { isKnown } from '../estimation/provenance';

export interface KpiOptions {
  /** Length of the interval the estimates stand for (s): delay accrues over it. */
  readonly intervalS: number;
  /** Level from which a link counts as congested mileage; the same as the engine's index uses. */
  readonly congestedLevel?: GbtLevel;
}

export function computeKpis(estimates: IntervalEstimates, options: KpiOptions): Kpi[] {
  const districtOfLink = new Map(estimates.links.map((l) => [l.linkId, l.district]));
  return estimates.areas.map((area) => {
    const inArea = (district: string | undefined) => area.areaId === NETWORK_AREA_ID || district === area.areaId;
    const links = estimates.links.filter((l) => inArea(l.district));
    const detectors = estimates.detectors.filter((d) => inArea(districtOfLink.get(d.linkId)));
    return areaKpi(estimates.tsMs, area, links, detectors, options);
  });
}

function areaKpi(ts: number, area: AreaEstimate, links: readonly LinkEstimate[], detectors: readonly DetectorEstimate[], options: KpiOptions): Kpi {
  const congestedRank = levelRank(options.congestedLevel ?? CONGESTED_MILEAGE_LEVEL);
  let delayVehH = 0;
  let congestedM = 0;
  for (const l of links) {
    // q veh/h pass for intervalS seconds, each losing delayS: q × (intervalS / 3600) × (delayS / 3600) vehicle-hours
    if (isKnown(l.flowVph) && isKnown(l.delayS)) delayVehH += (l.flowVph.value * options.intervalS * l.delayS.value) / 3600 / 3600;
    if (l.level !== null && levelRank(l.level) >= congestedRank) congestedM += l.lengthM;
  }
  return {
    areaId: area.areaId,
    ts,
    intervalS: options.intervalS,
    meanSpeedKph: spaceMeanSpeedKph(links),
    tti: area.tti,
    index: area.index,
    level: area.level,
    delayVehH,
    congestedLinkKm: congestedM / 1000,
    detectorCompleteness: mean(detectors.map((d) => d.quality.completeness)),
    meanQualityScore: mean(detectors.map((d) => d.quality.score)),
    linksGraded: area.linksGraded,
    linksTotal: area.linksTotal,
    detectors: detectors.length,
  };
}

/**
 * VKT / VHT over links with a known speed: the harmonic mean of link speeds weighted by vehicle-km, which is the speed
 * of the average vehicle-km (an arithmetic mean would overstate it). With no vehicle moving, by length instead.
 */
export function spaceMeanSpeedKph(links: readonly LinkEstimate[]): number | null {
  let vkt = 0;
  let vht = 0;
  let km = 0;
  let kmHours = 0;
  for (const l of links) {
    if (!isKnown(l.speedKph) || l.speedKph.value <= 0) continue;
    const lengthKm = l.lengthM / 1000;
    km += lengthKm;
    kmHours += lengthKm / l.speedKph.value;
    if (isKnown(l.flowVph) && l.flowVph.value > 0) {
      vkt += l.flowVph.value * lengthKm;
      vht += (l.flowVph.value * lengthKm) / l.speedKph.value;
    }
  }
  if (vht > 0) return vkt / vht;
  return kmHours > 0 ? km / kmHours : null;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}
