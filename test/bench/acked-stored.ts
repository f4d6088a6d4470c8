/**
 * Acknowledged against stored: which PUBACKed measurements the processor's InfluxDB holds, by (detector, seq). Shared by
 * the benchmarks that report `lostAcked` (an acknowledged message that never reached the store).
 */

/** (detector → seqs) stored in a database, read in chunks (InfluxDB caps unchunked answers). */
export async function storedSeqs(influxUrl: string, db: string): Promise<Map<string, Set<number>>> {
  const q = encodeURIComponent('SELECT "seq" FROM "detector_measurement" GROUP BY "detectorId"');
  const text = await (await fetch(`${influxUrl}/query?db=${db}&chunked=true&chunk_size=10000&q=${q}`)).text();
  const stored = new Map<string, Set<number>>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const chunk = JSON.parse(line) as { results: { series?: { tags: { detectorId: string }; values: [string, number][] }[] }[] };
    for (const series of chunk.results[0]?.series ?? []) {
      let seqs = stored.get(series.tags.detectorId);
      if (!seqs) stored.set(series.tags.detectorId, (seqs = new Set()));
      for (const [, seq] of series.values) seqs.add(seq);
    }
  }
  return stored;
}

/** Acknowledged (detector → seqs) missing from the store. */
export function lostAcked(acked: Record<string, number[]>, stored: Map<string, Set<number>>): number {
  let lost = 0;
  for (const [detector, seqs] of Object.entries(acked)) {
    const have = stored.get(detector);
    for (const seq of seqs) if (!have?.has(seq)) lost += 1;
  }
  return lost;
}
