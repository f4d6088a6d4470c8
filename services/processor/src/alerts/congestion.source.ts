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
  /** Lowest level that counts as congested (4 = 中度拥堵 by default); the condition ends only at congestedLevel − 1 or below. */
  congestedLevel: CongestionLevel;
  /** Predictions less certain than this raise nothing. */
  minConfidence: number;
  /** Consecutive estimation steps at ≥ congestedLevel before congestion is raised (and at 5 before it turns critical). */
  raiseSteps: number;
  /** Consecutive steps at ≤ congestedLevel − 1 (or ungradable) before congestion ends (and below 5 before critical eases). */
  clearSteps: number;
  /** Consecutive prediction steps with a confident congested forecast before predicted congestion is raised. */
  predictedRaiseSteps: number;
  /** Consecutive prediction steps without one before predicted congestion ends. */
  predictedClearSteps: number;
}

/** Per link: runs of consecutive steps, and what is reported. */
interface NowState {
  active: boolean;
  /** Steps in a row at ≥ congestedLevel (while inactive) or ≤ congestedLevel − 1 (while active). */
  run: number;
  critical: boolean;
  /** Steps in a row at 5 (while warning) or below 5 (while critical). */
  severityRun: number;
}

interface PredictedState {
  active: boolean;
  run: number;
  /** Severity hysteresis as for congestion now: a level-5 forecast must persist to turn warning, and to ease. */
  severe: boolean;
  severityRun: number;
}

/**
 * Hysteresis on both conditions, as operations consoles do it: a link oscillating around the congested boundary
 * (signal cycles, stop-bar noise) raises once and stays open until it has really eased; a forecast must persist over
 * prediction steps before it raises.
 */
export class CongestionSource {
  private readonly now = new Map<string, NowState>();
  private readonly predicted = new Map<string, PredictedState>();

  constructor(
    private readonly sink: AlertSink,
    private readonly options: CongestionOptions,
    private readonly names: PlaceNames,
  ) {}

  apply(update: LinkCongestionUpdate): void {
    if (update.kind === 'levels') this.levels(update.links);
    else this.predictions(update.links);
  }

  /** Current levels; a link left out of the update keeps its state (updates may cover part of the network). */
  levels(links: readonly LinkLevel[]): void {
    const { congestedLevel, raiseSteps, clearSteps } = this.options;
    for (const { linkId, level } of links) {
      const state = this.now.get(linkId) ?? { active: false, run: 0, critical: false, severityRun: 0 };
      this.now.set(linkId, state);
      const congested = level !== null && level >= congestedLevel;
      if (!state.active) {
        state.run = congested ? state.run + 1 : 0;
        if (state.run < raiseSteps || level === null) continue;
        state.active = true;
        state.run = 0;
        state.critical = level >= 5;
        state.severityRun = 0;
        // Congested now says more than congested soon: the forecast alert goes at once.
        if (this.predicted.get(linkId)?.active) this.endPredicted(linkId, true);
        this.report(linkId, level, state.critical);
        continue;
      }
      if (!congested) {
        state.run++;
        if (state.run >= clearSteps) {
          this.now.delete(linkId);
          this.sink.end('congestion', { type: 'link', id: linkId });
        }
        continue;
      }
      state.run = 0;
      const severe = level >= 5;
      state.severityRun = severe !== state.critical ? state.severityRun + 1 : 0;
      if (state.severityRun >= (severe ? raiseSteps : clearSteps)) {
        state.critical = severe;
        state.severityRun = 0;
      }
      this.report(linkId, level, state.critical);
    }
  }

  /** Forecasts; per link the earliest confident congested horizon counts, a run of steps without one ends the condition. */
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
      const state = this.predicted.get(linkId) ?? { active: false, run: 0, severe: false, severityRun: 0 };
      this.predicted.set(linkId, state);
      if (this.now.get(linkId)?.active) {
        // Never alongside congestion now; a forecast must persist afresh once the link has eased.
        if (state.active) this.endPredicted(linkId, true);
        else state.run = 0;
        continue;
      }
      if (!p) {
        if (!state.active) {
          state.run = 0;
          continue;
        }
        state.run++;
        if (state.run >= this.options.predictedClearSteps) this.endPredicted(linkId, false);
        continue;
      }
      const severe = p.level >= 5;
      if (!state.active) {
        state.run++;
        if (state.run < this.options.predictedRaiseSteps) continue;
        state.active = true;
        state.severe = severe;
        state.severityRun = 0;
      } else {
        state.severityRun = severe !== state.severe ? state.severityRun + 1 : 0;
        if (state.severityRun >= (severe ? this.options.predictedRaiseSteps : this.options.predictedClearSteps)) {
          state.severe = severe;
          state.severityRun = 0;
        }
      }
      state.run = 0;
      this.sink.raise({
        kind: 'congestion-predicted',
        place: placeOf('link', linkId, this.names),
        severity: state.severe ? 'warning' : 'info',
        message: `Link ${linkId} expected congested (level ${p.level}) in ${Math.round(p.leadTimeS / 60)} min, confidence ${Math.round(p.confidence * 100)} %`,
        details: { level: p.level, leadTimeS: p.leadTimeS, confidence: p.confidence },
      });
    }
  }

  private endPredicted(linkId: string, immediately: boolean): void {
    this.predicted.delete(linkId);
    this.sink.end('congestion-predicted', { type: 'link', id: linkId }, immediately ? { immediately } : undefined);
  }

  private report(linkId: string, level: CongestionLevel, critical: boolean): void {
    this.sink.raise({
      kind: 'congestion',
      place: placeOf('link', linkId, this.names),
      severity: critical ? 'critical' : 'warning',
      message: `Link ${linkId} congested (level ${level})`,
      details: { level },
    });
  }
}
