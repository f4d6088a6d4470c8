// The case table (v1-vector-cases) stays internal: the generator reads it; consumers read the vector files.
export * from './load-vectors';
export * from './vector-file.schema';
