/**
 * Lanes in series before a signal. netconvert splits an edge wherever its lane count changes (a turn bay, a lane
 * added), so the lanes a light controls may be a few metres long while the approach's queue stands on the lane before
 * them. As SUMO's actuated controller does for its own loops (MSActuatedTrafficLightLogic::init), a loop too far
 * upstream for the controlled lane goes on that lane's predecessor, as long as the lane has exactly one incoming lane
 * and it does not come through a signal; and a loop on such a lane belongs to the controlled lanes it feeds.
 */
import type { NetLane, SumoNet } from './sumo-net';

/** How far downstream a loop is still taken to belong to a signal's approach, m. */
export const MAX_CHAIN_M = 250;

export interface LaneChains {
  /** A place `distanceM` before the end of `laneId` (a controlled lane's stop line), walking to predecessors. */
  upstreamPlace(laneId: string, distanceM: number): { laneId: string; posM: number } | undefined;
  /** Length of the lanes in series ending with `laneId` (itself included), as far as the walk goes. */
  chainLengthM(laneId: string): number;
  /** The controlled lanes a place on `laneId` feeds and its distance to their stop line (lanes ahead of no signal: none). */
  feeds(laneId: string, posM: number): { controlledLanes: string[]; toStopLineM: number } | undefined;
}

export function laneChains(net: SumoNet): LaneChains {
  const lanes = new Map<string, NetLane>(net.edges.flatMap((e) => e.lanes.map((l) => [l.id, l] as const)));
  const incoming = new Map<string, { laneId: string; throughSignal: boolean }[]>();
  const outgoing = new Map<string, { laneId: string; throughSignal: boolean }[]>();
  for (const c of net.connections) {
    const from = `${c.from}_${c.fromLane}`;
    const to = `${c.to}_${c.toLane}`;
    const throughSignal = c.tl !== undefined;
    incoming.set(to, [...(incoming.get(to) ?? []), { laneId: from, throughSignal }]);
    outgoing.set(from, [...(outgoing.get(from) ?? []), { laneId: to, throughSignal }]);
  }
  const controlled = new Set(net.connections.filter((c) => c.tl !== undefined && c.linkIndex !== undefined).map((c) => `${c.from}_${c.fromLane}`));
  /** The unique predecessor reached without a signal, SUMO's rule; undefined otherwise. */
  const predecessor = (laneId: string): string | undefined => {
    const ins = incoming.get(laneId) ?? [];
    return ins.length === 1 && !ins[0]!.throughSignal && lanes.has(ins[0]!.laneId) ? ins[0]!.laneId : undefined;
  };
  return {
    upstreamPlace(laneId, distanceM) {
      let lane = laneId;
      let endToStopM = 0;
      for (let guard = 0; guard < 50; guard++) {
        const length = lanes.get(lane)?.lengthM;
        if (length === undefined) return undefined;
        if (endToStopM + length >= distanceM) return { laneId: lane, posM: length - (distanceM - endToStopM) };
        const before = predecessor(lane);
        if (before === undefined || before === laneId) return undefined;
        endToStopM += length;
        lane = before;
      }
      return undefined;
    },
    chainLengthM(laneId) {
      let total = 0;
      let lane: string | undefined = laneId;
      for (let guard = 0; lane !== undefined && guard < 50; guard++) {
        total += lanes.get(lane)?.lengthM ?? 0;
        const before: string | undefined = predecessor(lane);
        lane = before === laneId ? undefined : before;
      }
      return total;
    },
    feeds(laneId, posM) {
      const start = lanes.get(laneId);
      if (!start) return undefined;
      if (controlled.has(laneId)) return { controlledLanes: [laneId], toStopLineM: Math.max(0, start.lengthM - posM) };
      // Breadth first through lanes that lead on without a signal, each of them the only way into the next one.
      const reached: string[] = [];
      let toStopLineM = Number.POSITIVE_INFINITY;
      let frontier = [{ lane: laneId, aheadM: start.lengthM - posM }];
      for (let guard = 0; frontier.length > 0 && guard < 50; guard++) {
        const next: typeof frontier = [];
        for (const { lane, aheadM } of frontier) {
          for (const out of outgoing.get(lane) ?? []) {
            if (out.throughSignal || predecessor(out.laneId) !== lane) continue;
            const length = lanes.get(out.laneId)?.lengthM ?? 0;
            if (controlled.has(out.laneId)) {
              reached.push(out.laneId);
              toStopLineM = Math.min(toStopLineM, aheadM + length);
            } else if (aheadM + length <= MAX_CHAIN_M) next.push({ lane: out.laneId, aheadM: aheadM + length });
          }
        }
        frontier = next;
      }
      return reached.length > 0 && toStopLineM <= MAX_CHAIN_M ? { controlledLanes: [...new Set(reached)], toStopLineM } : undefined;
    },
  };
}
