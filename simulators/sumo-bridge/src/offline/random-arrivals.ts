/**
 * SUMO inserts a `vehsPerHour` flow's vehicles at even spacing, so every 5-minute count of a constant flow is the
 * same: nothing like real arrivals. A flow with `probability` instead inserts a vehicle each second with that
 * probability (Bernoulli, close to Poisson at these rates) at the same mean rate. Run after varying-flows, which
 * reads and writes `vehsPerHour`.
 */

const FLOW_RATE = /(<flow\b[^>]*?\s)vehsPerHour="([^"]*)"/g;

/** The route file with every flow's `vehsPerHour` replaced by the per-second `probability` of the same mean rate. */
export function withRandomArrivals(routesXml: string): string {
  return routesXml.replace(FLOW_RATE, (element, head: string, vph: string) => {
    const probability = Number(vph) / 3600;
    if (!Number.isFinite(probability) || probability < 0) throw new Error(`flow with vehsPerHour="${vph}": not a rate`);
    // SUMO tries one insertion a second: above 3,600 vehicles an hour the rate cannot be kept.
    if (probability > 1) throw new Error(`flow with vehsPerHour="${vph}": above one vehicle a second`);
    return `${head}probability="${probability.toFixed(6)}"`;
  });
}
