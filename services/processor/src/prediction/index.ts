/** Short-term prediction: models behind one interface, picked by name, run online on injected time. */
export * from './prediction-model';
export * from './series-grid';
export * from './neighbours';
export * from './model-registry';
export { OnlinePredictor } from './online-predictor';
export { PersistenceModel } from './persistence.model';
export { HistoricalAverageModel } from './historical-average.model';
export { RidgeModel, type RidgeOptions } from './ridge.model';
export { congestionLevel, type CongestionLevel, type RoadClass } from './congestion-level';
export { linkForecast, type LinkForecast } from './link-forecast';
