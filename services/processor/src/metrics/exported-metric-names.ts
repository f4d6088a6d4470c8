/** Every metric family `/metrics` exports, for dashboards and the deployment test to check their queries against. */
import { ARTERIAL_METRIC_NAMES } from './arterial-metrics';
import { processMetricsRegistry } from './process-metrics';
import { STORE_WRITE_DURATION_METRIC } from './store-write-timing';

export function exportedMetricNames(): string[] {
  const processMetrics = processMetricsRegistry()
    .getMetricsAsArray()
    .map((metric) => metric.name)
    .filter((name) => name !== STORE_WRITE_DURATION_METRIC);
  return [...processMetrics, STORE_WRITE_DURATION_METRIC, ...ARTERIAL_METRIC_NAMES];
}
