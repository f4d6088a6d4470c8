/**
 * What the live feed says about predicted link levels: per horizon the level and its confidence rounded to 0.05, and
 * which links changed since the last step. Rounding before comparing keeps forecast noise from re-sending every link
 * every minute.
 */
import type { LinkHorizonForecast } from '@arterial/contracts/api/v1';
import type { LinkPredictionLive } from '@arterial/contracts/live/v1';

export function toLinkPredictionLive(linkId: string, forecasts: readonly LinkHorizonForecast[]): LinkPredictionLive {
  return {
    id: linkId,
    horizons: forecasts.map((f) => ({ horizonMin: f.horizonMin, level: f.level, confidence: f.levelConfidence === null ? null : Math.round(f.levelConfidence * 20) / 20 })),
  };
}

function same(a: LinkPredictionLive, b: LinkPredictionLive): boolean {
  return a.horizons.length === b.horizons.length && a.horizons.every((h, i) => h.horizonMin === b.horizons[i]?.horizonMin && h.level === b.horizons[i]?.level && h.confidence === b.horizons[i]?.confidence);
}

export class LinkPredictionLiveTracker {
  private readonly latest = new Map<string, LinkPredictionLive>();

  /** Records a step's links and returns those whose live view differs from the last step's (all of them the first time). */
  update(links: ReadonlyMap<string, readonly LinkHorizonForecast[]>): LinkPredictionLive[] {
    const changed: LinkPredictionLive[] = [];
    for (const [linkId, forecasts] of links) {
      const next = toLinkPredictionLive(linkId, forecasts);
      const prev = this.latest.get(linkId);
      if (!prev || !same(prev, next)) changed.push(next);
      this.latest.set(linkId, next);
    }
    return changed;
  }

  /** Every link's latest live view, for a client that just connected. */
  all(): LinkPredictionLive[] {
    return [...this.latest.values()];
  }
}
