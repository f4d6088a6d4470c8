/**
 * `@arterial/contracts/testing`: firmware test vectors and payload fixtures. Node only (reads files), so the
 * browser bundle never imports it.
 */
// The case table (v1-vector-cases) stays internal: the generator reads it; consumers read the vector files.
export * from './fixtures';
export * from './load-vectors';
export * from './vector-file.schema';
