/**
 * The evaluation protocol of the published traffic-forecasting benchmarks: split the grid chronologically, fit each
 * model on the first part (tuning on the second), then for every window of `history` intervals whose horizons all
 * fall in the test part, forecast and score against the non-missing truth. Models run through the same
 * OnlinePredictor as live, learning each interval after it has been scored unless frozen.
 */
import { DayClock } from '../prediction/day-clock';
import { createPredictionModel } from '../prediction/model-registry';
import { OnlinePredictor } from '../prediction/online-predictor';
import type { ModelSpec } from '../prediction/prediction-model';
import { sliceGrid, type SeriesGrid } from '../prediction/series-grid';
import { ForecastMetrics, type ModelScore } from './forecast-metrics';

export interface EvaluationRequest {
  grid: SeriesGrid;
  spec: ModelSpec;
  split: readonly [number, number, number];
  models: readonly string[];
  online: boolean;
  /** Monotonic milliseconds, for timings only; injected so the harness never reads a clock itself. */
  stopwatch: () => number;
  onProgress?: (message: string, fields: Record<string, unknown>) => void;
}

export interface ModelEvaluation {
  name: string;
  score: ModelScore;
  fitS: number;
  predictS: number;
  /** Detector × horizon forecasts made on the test part. */
  predictions: number;
  predictPerS: number;
  /** Mean time to forecast the whole network for one interval. */
  msPerInterval: number;
}

export interface SplitSummary {
  trainSteps: number;
  validationSteps: number;
  testSteps: number;
  testWindows: number;
  testStartMs: number;
}

export interface EvaluationResult {
  split: SplitSummary;
  models: ModelEvaluation[];
}

export function splitPoints(steps: number, split: readonly [number, number, number]): { trainEnd: number; validationEnd: number } {
  const trainEnd = Math.floor(steps * split[0]);
  const validationEnd = Math.floor(steps * (split[0] + split[1]));
  return { trainEnd, validationEnd };
}

export function evaluatePredictions(request: EvaluationRequest): EvaluationResult {
  const { grid, spec } = request;
  const n = grid.detectorIds.length;
  const { trainEnd, validationEnd } = splitPoints(grid.steps, request.split);
  const maxLead = spec.horizons[spec.horizons.length - 1] ?? 1;
  const firstEnd = Math.max(validationEnd - 1, spec.history - 1);
  const lastEnd = grid.steps - 1 - maxLead;
  if (trainEnd < spec.history + maxLead || validationEnd - trainEnd < spec.history + maxLead || lastEnd < firstEnd) {
    throw new Error(
      `too little data for history ${spec.history} and horizon ${maxLead}: ${grid.steps} intervals split into ` +
        `${trainEnd}/${validationEnd - trainEnd}/${grid.steps - validationEnd}`,
    );
  }
  const train = sliceGrid(grid, 0, trainEnd);
  const validation = sliceGrid(grid, trainEnd, validationEnd);
  const clock = new DayClock(spec.utcOffsetHours);
  const keep = spec.history + maxLead;
  const windows = lastEnd - firstEnd + 1;
  const results: ModelEvaluation[] = [];

  for (const name of request.models) {
    const model = createPredictionModel(name, spec);
    request.onProgress?.(`fitting ${name}`, { model: name, trainSteps: trainEnd, validationSteps: validationEnd - trainEnd });
    const fitStart = request.stopwatch();
    model.fit(train, validation);
    const fitS = (request.stopwatch() - fitStart) / 1000;
    request.onProgress?.(`fitted ${name} in ${fitS.toFixed(1)} s`, { model: name, fitS });

    const predictor = new OnlinePredictor(model, spec, request.online);
    for (let t = Math.max(0, firstEnd - keep + 1); t <= firstEnd; t++) predictor.push(rowMs(grid, t), row(grid, t));
    const metrics = new ForecastMetrics(spec.horizons, n);
    let predictMs = 0;
    let nextReport = 0.1;
    for (let t = firstEnd; t <= lastEnd; t++) {
      const started = request.stopwatch();
      const forecast = predictor.forecast();
      predictMs += request.stopwatch() - started;
      if (!forecast) throw new Error('no forecast after warm-up');
      spec.horizons.forEach((lead, k) => {
        const target = t + lead;
        metrics.addRow(
          k,
          clock.hourOfDay(rowMs(grid, target)),
          row(grid, target),
          forecast.point.subarray(k * n, (k + 1) * n),
          forecast.lower.subarray(k * n, (k + 1) * n),
          forecast.upper.subarray(k * n, (k + 1) * n),
        );
      });
      if (t + 1 < grid.steps) predictor.push(rowMs(grid, t + 1), row(grid, t + 1));
      const done = (t - firstEnd + 1) / windows;
      if (done >= nextReport) {
        request.onProgress?.(`scoring ${name} ${Math.round(done * 100)}%`, { model: name, pct: Math.round(done * 100) });
        nextReport += 0.1;
      }
    }
    const predictions = windows * n * spec.horizons.length;
    const predictS = predictMs / 1000;
    results.push({
      name,
      score: metrics.score(),
      fitS,
      predictS,
      predictions,
      predictPerS: predictS > 0 ? predictions / predictS : Infinity,
      msPerInterval: predictMs / windows,
    });
  }
  return {
    split: { trainSteps: trainEnd, validationSteps: validationEnd - trainEnd, testSteps: grid.steps - validationEnd, testWindows: windows, testStartMs: rowMs(grid, validationEnd) },
    models: results,
  };
}

function row(grid: SeriesGrid, t: number): Float32Array {
  const n = grid.detectorIds.length;
  return grid.values.subarray(t * n, (t + 1) * n);
}

function rowMs(grid: SeriesGrid, t: number): number {
  return grid.startMs + t * grid.stepMs;
}
