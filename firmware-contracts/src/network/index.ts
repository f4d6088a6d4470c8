export * from './network.schema';
export * from './plan-safety';
