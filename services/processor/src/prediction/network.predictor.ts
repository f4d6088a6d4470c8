/**
 * Prediction for a whole network. Each estimation step's detector flow, speed and occupancy are averaged into model
 * rows of `stepMs` (5 minutes: the interval the models were evaluated and tuned on, docs/prediction.md; one-minute
 * counts are mostly noise and would cost five times the learning); at each row one TargetForecaster per target
 * forecasts every detector, the forecasts are averaged per link (`linkForecast`) and each link's speed forecast is
 * graded by GB/T 33171 with a confidence (`levelForecast`). Pure: time is the steps' own.
 */
import type { DetectorHorizonForecast, LinkHorizonForecast, PredictedValue } from '@arterial/contracts/api/v1';
import { detectorsOf, linksOf, type NetworkModel } from '@arterial/contracts/network';
import { resolveRoadClass, type GbtRoadClass } from '../estimation/road-class.resolver';
import type { DetectorEstimate } from '../estimation/estimation.types';
import { levelForecast } from './level-confidence';
import { linkForecast, type LinkForecast } from './link-forecast';
import { edgesFromNetwork, neighboursFromEdges } from './neighbours';
import type { Forecast, ModelSpec } from './prediction-model';
import { RowAggregator } from './row.aggregator';
import { TargetForecaster, type TargetForecast, type TargetForecasterOptions } from './target.forecaster';

export const PREDICTION_TARGETS = ['flowVph', 'speedKph', 'occupancyPct'] as const;
export type PredictionTarget = (typeof PREDICTION_TARGETS)[number];

export interface NetworkPredictorOptions extends TargetForecasterOptions {
  /** Model row interval; rows end on its whole multiples of epoch time. Horizons are whole multiples of it. */
  stepMs: number;
  /** Intervals in each model window. */
  history: number;
  horizonsMin: readonly number[];
  utcOffsetHours: number;
}

export interface NetworkPrediction {
  readonly issuedAt: number;
  readonly model: string;
  readonly calibrated: boolean;
  readonly horizonsMin: readonly number[];
  readonly detectors: ReadonlyMap<string, readonly DetectorHorizonForecast[]>;
  readonly links: ReadonlyMap<string, readonly LinkHorizonForecast[]>;
}

export class NetworkPredictor {
  readonly detectorIds: readonly string[];
  private readonly detectorIndex: Map<string, number>;
  private readonly detectorLinks: readonly string[];
  readonly roadClasses: ReadonlyMap<string, GbtRoadClass>;
  private readonly forecasters: Record<PredictionTarget, TargetForecaster>;
  private readonly aggregators: Record<PredictionTarget, RowAggregator>;
  private readonly horizons: readonly number[];

  constructor(
    network: NetworkModel,
    private readonly options: NetworkPredictorOptions,
  ) {
    const links = linksOf(network).map((l) => l.properties);
    const linkIds = new Set(links.map((l) => l.id));
    const detectors = detectorsOf(network)
      .map((d) => d.properties)
      .filter((d) => linkIds.has(d.linkId));
    this.detectorIds = detectors.map((d) => d.id);
    this.detectorIndex = new Map(this.detectorIds.map((id, i) => [id, i]));
    this.detectorLinks = detectors.map((d) => d.linkId);
    this.roadClasses = new Map(links.map((l) => [l.id, resolveRoadClass(l).roadClass]));
    this.horizons = options.horizonsMin.map((m) => {
      const steps = (m * 60_000) / options.stepMs;
      if (!Number.isInteger(steps) || steps < 1) throw new Error(`horizon ${m} min is not a whole number of ${options.stepMs} ms steps`);
      return steps;
    });
    const spec: ModelSpec = {
      detectorIds: this.detectorIds,
      stepMs: options.stepMs,
      history: options.history,
      horizons: this.horizons,
      neighbours: neighboursFromEdges(this.detectorIds, edgesFromNetwork(network)),
      utcOffsetHours: options.utcOffsetHours,
    };
    // Each target fits one row after the other: a fit holds the event loop for seconds, three at once for three times that.
    this.forecasters = {
      flowVph: new TargetForecaster(spec, options),
      speedKph: new TargetForecaster(spec, { ...options, fitAfterRows: options.fitAfterRows + 1 }),
      occupancyPct: new TargetForecaster(spec, { ...options, fitAfterRows: options.fitAfterRows + 2 }),
    };
    const n = this.detectorIds.length;
    this.aggregators = { flowVph: new RowAggregator(n, options.stepMs), speedKph: new RowAggregator(n, options.stepMs), occupancyPct: new RowAggregator(n, options.stepMs) };
  }

  knowsDetector(id: string): boolean {
    return this.detectorIndex.has(id);
  }

  /**
   * One estimation step at the end of the interval `tsMs`; forecasts when it closes a model row, else undefined. Only
   * values resting on the interval's own data (measured or estimated from it) are learned from; imputed ones would
   * teach the models their own fill-ins, so they count as missing, which every model handles.
   */
  step(tsMs: number, estimates: readonly DetectorEstimate[]): NetworkPrediction | undefined {
    const n = this.detectorIds.length;
    const rows = { flowVph: new Float32Array(n).fill(NaN), speedKph: new Float32Array(n).fill(NaN), occupancyPct: new Float32Array(n).fill(NaN) };
    for (const e of estimates) {
      const d = this.detectorIndex.get(e.detectorId);
      if (d === undefined) continue;
      for (const target of PREDICTION_TARGETS) {
        const q = e[target];
        if (q.value !== null && (q.provenance === 'measured' || q.provenance === 'estimated')) rows[target][d] = q.value;
      }
    }
    const made = {} as Record<PredictionTarget, TargetForecast | undefined>;
    let issuedAt: number | undefined;
    for (const target of PREDICTION_TARGETS) {
      const closed = this.aggregators[target].add(tsMs, rows[target]);
      for (const row of closed) this.forecasters[target].push(row.endMs, row.values);
      issuedAt = closed[closed.length - 1]?.endMs;
      made[target] = issuedAt === undefined ? undefined : this.forecasters[target].forecast();
    }
    const flow = made.flowVph;
    const speed = made.speedKph;
    const occupancy = made.occupancyPct;
    if (!flow || !speed || !occupancy || issuedAt === undefined) return undefined;
    return {
      issuedAt,
      model: flow.model,
      calibrated: flow.calibrated && speed.calibrated && occupancy.calibrated,
      horizonsMin: this.options.horizonsMin,
      detectors: this.detectorForecasts(issuedAt, flow.forecast, speed.forecast, occupancy.forecast),
      links: this.linkForecasts(issuedAt, flow.forecast, speed.forecast, occupancy.forecast),
    };
  }

  private detectorForecasts(tsMs: number, flow: Forecast, speed: Forecast, occupancy: Forecast): Map<string, DetectorHorizonForecast[]> {
    const n = this.detectorIds.length;
    const out = new Map<string, DetectorHorizonForecast[]>();
    this.detectorIds.forEach((id, d) => {
      out.set(
        id,
        this.options.horizonsMin.map((horizonMin, k) => ({
          horizonMin,
          targetTs: tsMs + horizonMin * 60_000,
          flowVph: valueAt(flow, k * n + d),
          speedKph: valueAt(speed, k * n + d),
          occupancyPct: valueAt(occupancy, k * n + d),
        })),
      );
    });
    return out;
  }

  private linkForecasts(tsMs: number, flow: Forecast, speed: Forecast, occupancy: Forecast): Map<string, LinkHorizonForecast[]> {
    const h = this.horizons.length;
    const perLink = (f: Forecast): LinkForecast => linkForecast(f, this.detectorLinks, h);
    const [flowL, speedL, occL] = [perLink(flow), perLink(speed), perLink(occupancy)];
    const m = speedL.linkIds.length;
    const out = new Map<string, LinkHorizonForecast[]>();
    speedL.linkIds.forEach((linkId, l) => {
      const roadClass = this.roadClasses.get(linkId) ?? 'arterial';
      out.set(
        linkId,
        this.options.horizonsMin.map((horizonMin, k) => {
          const i = k * m + l;
          const speedValue = valueAt(speedL, i);
          const level = speedValue ? levelForecast(speedValue.value, speedValue.lower, speedValue.upper, roadClass) : null;
          return {
            horizonMin,
            targetTs: tsMs + horizonMin * 60_000,
            flowVph: valueAt(flowL, i),
            speedKph: speedValue,
            occupancyPct: valueAt(occL, i),
            level: level?.level ?? null,
            levelConfidence: level?.confidence ?? null,
          };
        }),
      );
    });
    return out;
  }
}

/** The forecast at index i, ordered lower ≤ value ≤ upper (float rounding aside, they are), or null when unknown. */
function valueAt(f: { point: Float32Array; lower: Float32Array; upper: Float32Array }, i: number): PredictedValue | null {
  const value = f.point[i] as number;
  if (!Number.isFinite(value)) return null;
  const lower = f.lower[i] as number;
  const upper = f.upper[i] as number;
  return { value, lower: Number.isFinite(lower) ? Math.min(lower, value) : value, upper: Number.isFinite(upper) ? Math.max(upper, value) : value };
}
