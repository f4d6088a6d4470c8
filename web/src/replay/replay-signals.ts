/**
 * Signal states in replay from what the controllers reported and the processor stored (`GET /api/signal-states`):
 * per junction the last state of each bucket. Pure functions.
 *
 * What the store keeps of a state is its mode, plan, cycle position and green phases (not yellow, not each phase's
 * time to change), so a replayed state is rebuilt: phases not green are red (flashing yellow in flash, dark when off),
 * and a phase's time to change is how long until the stored series shows it change, exact to one bucket. Controllers
 * report at 1 Hz, so the last state of a bucket is taken as reported at the bucket's end.
 */
import type { SignalStateBucket, SignalStateHistory } from '@arterial/contracts/api/v1';
import type { IntersectionLive } from '@arterial/contracts/live/v1';
import type { PhaseState, PhaseStatus } from '@arterial/contracts/mqtt/v1';
import type { NetworkIndex } from '../network/network-index';

/** A junction silent longer than this shows no state (its replayed status, if stored, says whether it was online). */
export const SIGNAL_STATE_MAX_AGE_MS = 120_000;
const MAX_REMAINING_S = 600;

/** A stored state rebuilt as the live feed would send it, `ts` when it was reported. */
type ReplayedState = IntersectionLive;

/** Per junction, the state shown at each replay bucket (undefined: none). */
export type SignalSlots = ReadonlyMap<string, readonly (ReplayedState | undefined)[]>;

function phaseState(mode: SignalStateBucket['mode'], green: boolean): PhaseState {
  if (mode === 'flash') return 'flashing-yellow';
  if (mode === 'off') return 'dark';
  return green ? 'green' : 'red';
}

/** Each stored state with its phases, a phase's remainingS until the series next shows it change (0 if never). */
function replayedStates(id: string, points: readonly SignalStateBucket[], phaseIds: readonly number[], stepMs: number): ReplayedState[] {
  const out: ReplayedState[] = [];
  const nextChangeAt = new Map<number, number>();
  // Backwards, so each phase's next change is known when its state is built.
  for (let k = points.length - 1; k >= 0; k--) {
    const point = points[k]!;
    const reportedAt = point.ts + stepMs;
    const next = points[k + 1];
    const phases: PhaseStatus[] = phaseIds.map((phase) => {
      const state = phaseState(point.mode, point.greenPhases.includes(phase));
      if (next !== undefined && phaseState(next.mode, next.greenPhases.includes(phase)) !== state) nextChangeAt.set(phase, next.ts + stepMs);
      const changeAt = nextChangeAt.get(phase);
      const remainingS = changeAt === undefined ? 0 : Math.min(MAX_REMAINING_S, Math.max(0, (changeAt - reportedAt) / 1000));
      return { id: phase, state, remainingS };
    });
    out.push({ id, ts: reportedAt, mode: point.mode, planId: point.planId, cycleS: point.cycleS, cycleSecond: point.cycleSecond, phases, online: null, firmware: null, faults: [] });
  }
  return out.reverse();
}

/**
 * The state shown in each replay bucket: the latest reported before the bucket starts (the answer should start one
 * bucket before `fromMs`, so the first bucket has one), no older than SIGNAL_STATE_MAX_AGE_MS.
 */
export function signalSlots(answer: SignalStateHistory, network: NetworkIndex, fromMs: number, buckets: number): SignalSlots {
  const stepMs = answer.stepS * 1000;
  const out = new Map<string, (ReplayedState | undefined)[]>();
  for (const { intersectionId, points } of answer.intersections) {
    const feature = network.intersections.get(intersectionId);
    const phaseIds = feature ? feature.properties.phases.map((p) => p.id) : [...new Set(points.flatMap((p) => p.greenPhases))].sort((a, b) => a - b);
    const states = replayedStates(intersectionId, points, phaseIds, stepMs);
    const slots: (ReplayedState | undefined)[] = new Array<ReplayedState | undefined>(buckets).fill(undefined);
    let k = 0;
    let current: ReplayedState | undefined;
    for (let i = 0; i < buckets; i++) {
      const bucketStart = fromMs + i * stepMs;
      while (k < states.length && (states[k]!.ts ?? 0) <= bucketStart) current = states[k++];
      if (current !== undefined && bucketStart - (current.ts ?? 0) <= SIGNAL_STATE_MAX_AGE_MS) slots[i] = current;
    }
    if (slots.some((s) => s !== undefined)) out.set(intersectionId, slots);
  }
  return out;
}

export function intersectionsAt(slots: SignalSlots, i: number): IntersectionLive[] {
  const out: IntersectionLive[] = [];
  for (const values of slots.values()) {
    const state = values[i];
    if (state !== undefined) out.push(state);
  }
  return out;
}
