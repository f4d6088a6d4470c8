/**
 * District and network index (GB/T 33171-2016 道路网交通运行指数): the share of vehicle-km travelled on congested links,
 * converted to 0–10 (gbt-33171.levels.ts), plus the VKT-weighted TTI. Links are weighted by VKT = flow × length; when
 * no vehicle moves at all (every flow zero) the weights fall back to length, and the result says so.
 */
import type { AreaEstimate, LinkEstimate } from './estimation.types';
import { CONGESTED_MILEAGE_LEVEL, GBT_LEVEL_ZH, levelRank, networkIndexFromCongestedSharePct, networkIndexLevel, type GbtLevel } from './gbt-33171.levels';
import { isKnown } from './provenance';
import { WHOLE_NETWORK } from './road-class.resolver';

export interface AreaIndexOptions {
  readonly congestedLevel?: GbtLevel;
}

export function aggregateArea(areaId: string, links: readonly LinkEstimate[], options: AreaIndexOptions = {}): AreaEstimate {
  const congestedRank = levelRank(options.congestedLevel ?? CONGESTED_MILEAGE_LEVEL);
  const graded = links.filter((l) => l.level !== null && isKnown(l.flowVph));
  const vkt = (l: LinkEstimate) => (l.flowVph.value ?? 0) * (l.lengthM / 1000);
  const totalVkt = graded.reduce((s, l) => s + vkt(l), 0);
  const weighting: AreaEstimate['weighting'] = totalVkt > 0 ? 'vkt' : 'length';
  const weight = weighting === 'vkt' ? vkt : (l: LinkEstimate) => l.lengthM / 1000;
  const total = graded.reduce((s, l) => s + weight(l), 0);
  if (graded.length === 0 || total <= 0) {
    return { areaId, index: null, level: null, levelZh: null, congestedSharePct: null, vktVehKmPerH: 0, tti: null, linksGraded: 0, linksTotal: links.length, imputedWeightShare: 0, provenance: 'missing', weighting };
  }
  let congested = 0;
  let imputedWeight = 0;
  let ttiWeighted = 0;
  let ttiWeight = 0;
  for (const l of graded) {
    const w = weight(l);
    if (levelRank(l.level!) >= congestedRank) congested += w;
    if (l.speedKph.provenance === 'imputed' || l.flowVph.provenance === 'imputed') imputedWeight += w;
    if (isKnown(l.tti)) {
      ttiWeighted += w * l.tti.value;
      ttiWeight += w;
    }
  }
  const sharePct = (100 * congested) / total;
  const index = networkIndexFromCongestedSharePct(sharePct);
  const level = networkIndexLevel(index);
  return {
    areaId,
    index,
    level,
    levelZh: GBT_LEVEL_ZH[level],
    congestedSharePct: sharePct,
    vktVehKmPerH: totalVkt,
    tti: ttiWeight > 0 ? ttiWeighted / ttiWeight : null,
    linksGraded: graded.length,
    linksTotal: links.length,
    imputedWeightShare: imputedWeight / total,
    provenance: imputedWeight > 0 ? 'imputed' : 'estimated',
    weighting,
  };
}

/** The whole network, and each district when links name one. */
export function aggregateAreas(links: readonly LinkEstimate[], options: AreaIndexOptions = {}): AreaEstimate[] {
  const byDistrict = new Map<string, LinkEstimate[]>();
  for (const l of links) {
    if (l.district === WHOLE_NETWORK) continue;
    const district = byDistrict.get(l.district);
    if (district) district.push(l);
    else byDistrict.set(l.district, [l]);
  }
  return [aggregateArea(WHOLE_NETWORK, links, options), ...[...byDistrict.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, ls]) => aggregateArea(id, ls, options))];
}
