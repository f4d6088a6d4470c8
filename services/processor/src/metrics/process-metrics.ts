/**
 * prom-client's default process metrics (CPU, memory, heap, handles, GC, event-loop delay) in one registry per
 * process: they describe the process, not an app instance, and their event-loop monitor is never disabled, so
 * tests and tools that start several processors in one process must not create one each.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | undefined;

export function processMetricsRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
