/**
 * Congestion now and congestion predicted, per link, from congestion levels (GB/T 33171-2016, 1 free flow … 5 severe).
 * Estimation feeds current link levels, prediction feeds forecasts with lead time and confidence; both reach this
 * source as a `LinkCongestionUpdate` (see LINK_CONGESTION_FEED). A link congested now gets no predicted alert: the
 * congestion alert already says more.
 */
import type { AlertSink, PlaceNames } from './alert-condition';
import { placeOf } from './alert-condition';

export type CongestionLevel = 1 | 2 | 3 | 4 | 5;

export interface LinkLevel {
  linkId: string;
  /** null when the link cannot be graded (no speed): the condition can no longer be shown, so it ends. */
  level: CongestionLevel | null;
}

export interface LinkPrediction {
  linkId: string;
  /** Seconds from the update's time to the predicted interval. */
  leadTimeS: number;
  level: CongestionLevel;
  /** Probability (0–1) that the link reaches at least this level. */
  confidence: number;
}

export type LinkCongestionUpdate = { kind: 'levels'; links: readonly LinkLevel[] } | { kind: 'predictions'; links: readonly LinkPrediction[] };

export interface CongestionOptions {
  /** Lowest level that counts as congested (4 = 中度拥堵 by default). */
  congestedLevel: CongestionLevel;
  /** Predictions less certain than this raise nothing. */
  minConfidence: number;
}

export class CongestionSource {
  private readonly congested = new Set<string>();
  private readonly predicted = new Set<string>();

  constructor(
    private readonly sink: AlertSink,
    private readonly options: CongestionOptions,
    private readonly names: PlaceNames,
  ) {}

  apply(update: LinkCongestionUpdate): void {
    if (update.kind === 'levels') this.levels(update.links);
    else this.predictions(update.links);
  }

  /** Current levels; a link left out of the update keeps its condition (updates may cover part of the network). */
  levels(links: readonly LinkLevel[]): void {
    for (const { linkId, level } of links) {
      if (level === null || level < this.options.congestedLevel) {
        if (this.congested.delete(linkId)) this.sink.end('congestion', { type: 'link', id: linkId });
        continue;
      }
      this.congested.add(linkId);
      if (this.predicted.delete(linkId)) this.sink.end('congestion-predicted', { type: 'link', id: linkId });
      this.sink.raise({
        kind: 'congestion',
        place: placeOf('link', linkId, this.names),
        severity: level >= 5 ? 'critical' : 'warning',
        message: `Link ${linkId} congested (level ${level})`,
        details: { level },
      });
    }
  }

  /** Forecasts; per link the earliest confident congested horizon raises, none ends the condition. */
  predictions(links: readonly LinkPrediction[]): void {
    const earliest = new Map<string, LinkPrediction | null>();
    for (const p of links) {
      const qualifies = p.level >= this.options.congestedLevel && p.confidence >= this.options.minConfidence;
      const best = earliest.get(p.linkId);
      if (!qualifies) {
        if (best === undefined) earliest.set(p.linkId, null);
        continue;
      }
      if (!best || p.leadTimeS < best.leadTimeS) earliest.set(p.linkId, p);
    }
    for (const [linkId, p] of earliest) {
      if (!p || this.congested.has(linkId)) {
        if (this.predicted.delete(linkId)) this.sink.end('congestion-predicted', { type: 'link', id: linkId });
        continue;
      }
      this.predicted.add(linkId);
      this.sink.raise({
        kind: 'congestion-predicted',
        place: placeOf('link', linkId, this.names),
        severity: p.level >= 5 ? 'warning' : 'info',
        message: `Link ${linkId} expected congested (level ${p.level}) in ${Math.round(p.leadTimeS / 60)} min, confidence ${Math.round(p.confidence * 100)} %`,
        details: { level: p.level, leadTimeS: p.leadTimeS, confidence: p.confidence },
      });
    }
  }
}
