/**
 * Turns each estimation step into the congestion source's input: every link's current GB/T 33171 level as a rank
 * 1 (畅通) … 5 (严重拥堵), or null when the link could not be graded; and each prediction step into its forecasts: per
 * link and horizon the predicted level with its lead time and confidence.
 */
import { map, merge, type Observable } from 'rxjs';
import { levelRank } from '../estimation/gbt-33171.levels';
import type { EstimationUpdate } from '../estimation/estimation.service';
import type { NetworkPrediction } from '../prediction/network.predictor';
import type { DetectorDiagnosisUpdate } from './alert-sources.service';
import type { CongestionLevel, LinkCongestionUpdate, LinkPrediction } from './congestion.source';

export function linkCongestionFeed(updates$: Observable<EstimationUpdate>): Observable<LinkCongestionUpdate> {
  return updates$.pipe(
    map(({ estimates }) => ({
      kind: 'levels' as const,
      links: estimates.links.map((link) => ({ linkId: link.linkId, level: link.level === null ? null : ((levelRank(link.level) + 1) as CongestionLevel) })),
    })),
  );
}

/** Every graded horizon of every link; the congestion source picks the earliest confident congested one. */
export function linkPredictionFeed(updates$: Observable<NetworkPrediction>): Observable<LinkCongestionUpdate> {
  return updates$.pipe(
    map((prediction) => {
      const links: LinkPrediction[] = [];
      for (const [linkId, forecasts] of prediction.links) {
        for (const f of forecasts) {
          if (f.level === null || f.levelConfidence === null) continue;
          links.push({ linkId, leadTimeS: f.horizonMin * 60, level: (levelRank(f.level) + 1) as CongestionLevel, confidence: f.levelConfidence });
        }
      }
      return { kind: 'predictions' as const, links };
    }),
  );
}

/** What the congestion source hears: current levels and forecasts, each as its step publishes them. */
export function congestionFeed(estimation$: Observable<EstimationUpdate>, prediction$: Observable<NetworkPrediction>): Observable<LinkCongestionUpdate> {
  return merge(linkCongestionFeed(estimation$), linkPredictionFeed(prediction$));
}

/** Each estimation step's quality diagnosis: every detector's fault codes (empty when it is not diagnosed faulty). */
export function detectorDiagnosisFeed(updates$: Observable<EstimationUpdate>): Observable<DetectorDiagnosisUpdate> {
  return updates$.pipe(map(({ estimates }) => ({ detectors: estimates.detectors.map((d) => ({ detectorId: d.detectorId, faults: d.quality.faults })) })));
}
