/** `@arterial/contracts/api/v1`: every REST request and response under `/api`, error bodies included. */
export * from './alerts.schema';
export * from './audit.schema';
export * from './common.schema';
export * from './dead-letters.schema';
export * from './detectors.schema';
export * from './estimates.schema';
export * from './health.schema';
export * from './intersections.schema';
export * from './kpis.schema';
export * from './overrides.schema';
export * from './plan-explanation.schema';
export * from './plans.schema';
export * from './predictions.schema';
export * from './quality.schema';
export * from './recording.schema';
export * from './routes';
