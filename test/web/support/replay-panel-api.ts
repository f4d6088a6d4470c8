/**
 * The REST answers the intersection panel asks for, for a fake backend with no history of its own: the junction's
 * description from the network model (live state null: the panel takes it from the live store) and empty plan,
 * override, audit, prediction and quality answers, and stored forecasts at every minute. Lets a browser test open the
 * panel while replaying.
 */
import type { AuditList, DetectorPredictionAnswer, DetectorPredictionHistory, DetectorQuality, IntersectionDetail, OverrideList, PlanList } from '@arterial/contracts/api/v1';
import type { NetworkModel } from '@arterial/contracts/network';

const DIAGNOSIS: DetectorQuality['daily']['diagnosis'] = {
  status: 'good',
  faults: [],
  warnings: [],
  score: 100,
  completeness: 1,
  stats: { received: 0, expected: 0, daytimeSamples: 0, zeroOccupancyShare: 0, occupancyWithoutFlowShare: 0, stuckOnShare: 0, implausibleShare: 0, usableShare: 1, occupancyEntropyBits: 0 },
};

/** The answer to a panel request, or undefined for any other path. */
export function panelAnswer(model: NetworkModel, pathname: string): unknown {
  const junction = /^\/api\/intersections\/([^/]+)(\/plans|\/overrides)?$/.exec(pathname);
  if (junction) {
    const id = decodeURIComponent(junction[1]!);
    if (junction[2] === '/plans') return { intersectionId: id, plans: [] } satisfies PlanList;
    if (junction[2] === '/overrides') return { intersectionId: id, active: null, history: [] } satisfies OverrideList;
    const feature = model.features.find((f) => f.properties.kind === 'intersection' && f.properties.id === id);
    if (!feature || feature.properties.kind !== 'intersection' || feature.geometry.type !== 'Point') return undefined;
    const p = feature.properties;
    const detail: IntersectionDetail = {
      id,
      name: p.name,
      ...(p.nameZh !== undefined ? { nameZh: p.nameZh } : {}),
      location: feature.geometry.coordinates,
      phases: p.phases,
      sequence: p.sequence,
      conflicts: p.conflicts,
      fallbackPlan: p.fallbackPlan ?? null,
      live: null,
    };
    return detail;
  }
  if (pathname === '/api/audit') return { from: 0, to: Date.now(), events: [] } satisfies AuditList;
  const detector = /^\/api\/detectors\/([^/]+)\/(prediction|quality)$/.exec(pathname);
  if (detector) {
    const detectorId = decodeURIComponent(detector[1]!);
    if (detector[2] === 'prediction') return { detectorId, issuedAt: null, model: null, calibrated: null, forecasts: null } satisfies DetectorPredictionAnswer;
    return { detectorId, ts: null, rolling: null, daily: { day: new Date().toISOString().slice(0, 10), diagnosis: DIAGNOSIS } } satisfies DetectorQuality;
  }
  return undefined;
}

/** Stored forecasts of `GET /api/detectors/{id}/predictions`: one per minute of the range, 600 veh/h (480–720), 40 km/h, 10 %. */
export function storedPredictions(pathname: string, query: URLSearchParams): DetectorPredictionHistory | undefined {
  const match = /^\/api\/detectors\/([^/]+)\/predictions$/.exec(pathname);
  if (!match) return undefined;
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  const horizonMin = Number(query.get('horizon') ?? 15);
  const forecasts: DetectorPredictionHistory['forecasts'] = [];
  for (let issuedAt = Math.ceil(from / 60_000) * 60_000; issuedAt < to; issuedAt += 60_000) {
    forecasts.push({
      issuedAt,
      targetTs: issuedAt + horizonMin * 60_000,
      flowVph: { value: 600, lower: 480, upper: 720 },
      speedKph: { value: 40, lower: 30, upper: 50 },
      occupancyPct: { value: 10, lower: 6, upper: 14 },
    });
  }
  return { detectorId: decodeURIComponent(match[1]!), from, to, horizonMin, forecasts };
}
