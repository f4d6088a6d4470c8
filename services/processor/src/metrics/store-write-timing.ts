/**
 * Times every InfluxDB write request (batch) of the process: `arterial_store_write_duration_seconds{outcome}`.
 * Process-wide, in the process registry, because the store is built outside Nest's container (by its factory);
 * a process with several stores (tests, tools) reports their writes together. Wall-clock durations are the
 * point here, so the monotonic performance clock is read, not the injected (possibly virtual) one.
 */
import { Histogram } from 'prom-client';
import type { InfluxWriter, WriteOutcome } from '../storage/influx-writer';
import { processMetricsRegistry } from './process-metrics';

export const STORE_WRITE_DURATION_METRIC = 'arterial_store_write_duration_seconds';

let histogram: Histogram<'outcome'> | undefined;

function writeDurations(): Histogram<'outcome'> {
  histogram ??= new Histogram({
    name: STORE_WRITE_DURATION_METRIC,
    help: 'Duration of InfluxDB write requests (one batch each) by outcome: ok, retry (transient failure), permanent (refused data).',
    labelNames: ['outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [processMetricsRegistry()],
  });
  return histogram;
}

function outcomeLabel(outcome: WriteOutcome): string {
  if (outcome.ok) return 'ok';
  return outcome.permanent ? 'permanent' : 'retry';
}

/** The same writer, with each write's duration observed. */
export function timedInfluxWriter(writer: InfluxWriter): InfluxWriter {
  const durations = writeDurations();
  return {
    async write(lines, signal) {
      const startedAt = performance.now();
      const outcome = await writer.write(lines, signal);
      durations.observe({ outcome: outcomeLabel(outcome) }, (performance.now() - startedAt) / 1000);
      return outcome;
    },
    close: () => writer.close(),
  };
}
