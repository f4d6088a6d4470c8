/**
 * What the live feed says about links: level, TTI and speed, rounded to what a map shows, and which links changed
 * since the last step. Rounding before comparing keeps sensor noise from re-sending every link every minute.
 */
import type { LinkEstimate } from '@arterial/contracts/api/v1';
import type { LinkLive } from '@arterial/contracts/live/v1';

export function toLinkLive(e: LinkEstimate): LinkLive {
  return {
    id: e.linkId,
    level: e.level,
    tti: e.tti.value === null ? null : Math.round(e.tti.value * 100) / 100,
    speedKph: e.speedKph.value === null ? null : Math.round(e.speedKph.value * 10) / 10,
    provenance: e.speedKph.provenance,
  };
}

export class LinkLiveTracker {
  private readonly latest = new Map<string, LinkLive>();

  /** Records a step's links and returns those whose live view differs from the last step's (all of them the first time). */
  update(links: readonly LinkEstimate[]): LinkLive[] {
    const changed: LinkLive[] = [];
    for (const e of links) {
      const next = toLinkLive(e);
      const prev = this.latest.get(next.id);
      if (!prev || prev.level !== next.level || prev.tti !== next.tti || prev.speedKph !== next.speedKph || prev.provenance !== next.provenance) changed.push(next);
      this.latest.set(next.id, next);
    }
    return changed;
  }

  /** Every link's latest live view, for a client that just connected. */
  all(): LinkLive[] {
    return [...this.latest.values()];
  }
}
