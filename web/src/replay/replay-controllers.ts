/**
 * Controller status (online, firmware, faults) in replay from what the processor stored (`GET /api/controller-status`):
 * per junction the last status of each bucket and the last before the range. Controllers send status on change (and
 * their last will says offline), so a status holds until the next one, however old. Pure functions.
 */
import type { ControllerStatusBucket, ControllerStatusHistory } from '@arterial/contracts/api/v1';
import type { IntersectionLive } from '@arterial/contracts/live/v1';

type ReplayedStatus = Pick<IntersectionLive, 'online' | 'firmware' | 'faults'>;

/** Per junction, the status shown at each replay bucket (undefined: none stored yet). */
export type StatusSlots = ReadonlyMap<string, readonly (ReplayedStatus | undefined)[]>;

/**
 * The status shown in each replay bucket: the latest reported before the bucket starts, a bucket's last status taken
 * as reported at its end (the answer should start one bucket before `fromMs`, so the first bucket has the one before).
 */
export function statusSlots(answer: ControllerStatusHistory, fromMs: number, buckets: number): StatusSlots {
  const stepMs = answer.stepS * 1000;
  const out = new Map<string, (ReplayedStatus | undefined)[]>();
  for (const { intersectionId, before, points } of answer.intersections) {
    const reported: { at: number; status: ControllerStatusBucket }[] = [
      ...(before ? [{ at: before.ts, status: before }] : []),
      ...points.map((status) => ({ at: status.ts + stepMs, status })),
    ];
    const slots = new Array<ReplayedStatus | undefined>(buckets).fill(undefined);
    let k = 0;
    let current: ReplayedStatus | undefined;
    for (let i = 0; i < buckets; i++) {
      const bucketStart = fromMs + i * stepMs;
      while (k < reported.length && reported[k]!.at <= bucketStart) {
        const { online, firmware, faults } = reported[k++]!.status;
        current = { online, firmware, faults };
      }
      slots[i] = current;
    }
    if (slots.some((s) => s !== undefined)) out.set(intersectionId, slots);
  }
  return out;
}

const NO_STATE: Omit<IntersectionLive, 'id' | 'online' | 'firmware' | 'faults'> = { ts: null, mode: null, planId: null, cycleS: null, cycleSecond: null, phases: [] };

/** The junctions' replayed signal states with their replayed status at bucket `i`; a junction with a status only gets no state. */
export function withStatusAt(states: readonly IntersectionLive[], slots: StatusSlots, i: number): IntersectionLive[] {
  const out = states.map((state) => {
    const status = slots.get(state.id)?.[i];
    return status ? { ...state, ...status } : state;
  });
  const shown = new Set(states.map((s) => s.id));
  for (const [id, values] of slots) {
    const status = values[i];
    if (status !== undefined && !shown.has(id)) out.push({ id, ...NO_STATE, ...status });
  }
  return out;
}
