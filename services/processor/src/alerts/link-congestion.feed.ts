/**
 * Turns each estimation step into the congestion source's input: every link's current GB/T 33171 level as a rank
 * 1 (畅通) … 5 (严重拥堵), or null when the link could not be graded. Prediction feeds forecasts the same way once it
 * runs live.
 */
import { map, type Observable } from 'rxjs';
import { levelRank } from '../estimation/gbt-33171.levels';
import type { EstimationUpdate } from '../estimation/estimation.service';
import type { CongestionLevel, LinkCongestionUpdate } from './congestion.source';

export function linkCongestionFeed(updates$: Observable<EstimationUpdate>): Observable<LinkCongestionUpdate> {
  return updates$.pipe(
    map(({ estimates }) => ({
      kind: 'levels' as const,
      links: estimates.links.map((link) => ({ linkId: link.linkId, level: link.level === null ? null : ((levelRank(link.level) + 1) as CongestionLevel) })),
    })),
  );
}
