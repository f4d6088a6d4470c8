export * from './network.schema';
export * from './plan-safety';
export * from './safety-intervals';
export * from './movement-conflicts';
export * from './junction-safety';
export * from './signal-sequence-rules';
export * from './detector-roles';
