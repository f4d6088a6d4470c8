/** `@arterial/contracts/api/v1`: every REST request and response under `/api`, error bodies included. */
export * from './common.schema';
export * from './dead-letters.schema';
export * from './detectors.schema';
export * from './health.schema';
export * from './intersections.schema';
export * from './plans.schema';
export * from './routes';
