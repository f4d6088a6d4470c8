/**
 * V8 heap limits the processor runs with (Dockerfile, `npm start`, `bench:load`, `bench:ingest`): back-pressure
 * bounds the live data (about 80 MB of heap under overload), so a smaller old space makes V8 collect garbage sooner
 * instead of letting it pile up to the default ~2 GB, and small semi-spaces keep the young generation's share of RSS
 * small.
 * Measured with bench:load (2,000 intersections, 4,000 TLS connections): peak RSS 683 MB without, 425–447 MB with.
 * Not lower: one bench:load run hit this old-space limit (heap out of memory) while back-pressure overshot its store
 * queue mark; docs/operations.md ("Measured") has the breakdown and what a lower RSS needs instead.
 */
export const PROCESSOR_NODE_OPTIONS = '--max-old-space-size=192 --max-semi-space-size=8';
