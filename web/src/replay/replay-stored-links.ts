/**
 * Link estimates in replay from what the processor stored (`GET /api/links/estimates`): the colours operators saw
 * live. Each bucket shows the latest stored estimate at or before it, as the live map keeps a link's last estimate
 * until the next estimation step, but no older than STORED_ESTIMATE_MAX_AGE_MS. Pure functions.
 */
import type { LinkEstimateHistory, LinkEstimatePoint } from '@arterial/contracts/api/v1';
import type { LinkLive } from '@arterial/contracts/live/v1';

/** An estimate older than this no longer describes the link (the estimation period is at most an hour). */
export const STORED_ESTIMATE_MAX_AGE_MS = 3_600_000;

/** Per link, the stored bucket shown at each replay bucket (undefined: none). */
export type StoredLinkSlots = ReadonlyMap<string, readonly (LinkEstimatePoint | undefined)[]>;

export function storedLinkSlots(answer: LinkEstimateHistory, fromMs: number, buckets: number): StoredLinkSlots {
  const stepMs = answer.stepS * 1000;
  const out = new Map<string, (LinkEstimatePoint | undefined)[]>();
  for (const { linkId, points } of answer.links) {
    const slots: (LinkEstimatePoint | undefined)[] = new Array<LinkEstimatePoint | undefined>(buckets).fill(undefined);
    let p = 0;
    let current: LinkEstimatePoint | undefined;
    for (let i = 0; i < buckets; i++) {
      const bucketEnd = fromMs + (i + 1) * stepMs;
      while (p < points.length && points[p]!.ts < bucketEnd) current = points[p++];
      if (current !== undefined && bucketEnd - current.ts <= STORED_ESTIMATE_MAX_AGE_MS + stepMs) slots[i] = current;
    }
    if (slots.some((s) => s !== undefined)) out.set(linkId, slots);
  }
  return out;
}

/** The stored estimates shown at bucket `i`; empty when no link has one there. */
export function storedLinksAt(slots: StoredLinkSlots, i: number): LinkLive[] {
  const out: LinkLive[] = [];
  for (const [id, values] of slots) {
    const point = values[i];
    if (point === undefined) continue;
    out.push({
      id,
      level: point.level,
      tti: point.tti === null ? null : Math.round(point.tti * 100) / 100,
      speedKph: point.speedKph === null ? null : Math.round(point.speedKph * 10) / 10,
      provenance: 'estimated',
    });
  }
  return out;
}
