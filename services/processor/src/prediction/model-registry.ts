/** Prediction models by name: the live engine, replay and the evaluation harness all pick them here. */
import { HistoricalAverageModel } from './historical-average.model';
import { PersistenceModel } from './persistence.model';
import type { ModelSpec, PredictionModel } from './prediction-model';
import { RidgeModel } from './ridge.model';

export const PREDICTION_MODELS = {
  persistence: (spec: ModelSpec): PredictionModel => new PersistenceModel(spec),
  'historical-average': (spec: ModelSpec): PredictionModel => new HistoricalAverageModel(spec),
  ridge: (spec: ModelSpec): PredictionModel => new RidgeModel(spec),
} as const satisfies Record<string, (spec: ModelSpec) => PredictionModel>;

export type PredictionModelName = keyof typeof PREDICTION_MODELS;

/** The baselines every other model must beat. */
export const BASELINE_MODELS: readonly PredictionModelName[] = ['persistence', 'historical-average'];

export function predictionModelNames(): PredictionModelName[] {
  return Object.keys(PREDICTION_MODELS) as PredictionModelName[];
}

export function isPredictionModelName(name: string): name is PredictionModelName {
  return Object.prototype.hasOwnProperty.call(PREDICTION_MODELS, name);
}

export function createPredictionModel(name: string, spec: ModelSpec): PredictionModel {
  if (!isPredictionModelName(name)) throw new Error(`unknown prediction model ${JSON.stringify(name)}; known: ${predictionModelNames().join(', ')}`);
  return PREDICTION_MODELS[name](spec);
}
