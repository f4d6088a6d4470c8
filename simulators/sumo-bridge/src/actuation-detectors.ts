/**
 * The loops each light's actuation reads, from what SUMO loaded: per controlled lane its loops (a loop on the lanes
 * before a lane split counts for every controlled lane it feeds, lane-chains.ts), which are queue (presence) loops,
 * the stop-bar loops that stay silent beside them, the speed gate of passage loops and the counting zones.
 */
import { isQueueLoop, QUEUE_LOOP_DISTANCE_M, slowCallBelowMps, type ApproachZone } from './actuation';
import { laneChains, type LaneChains } from './lane-chains';
import { edgeOfLane } from './phase-detectors';
import { silentStopBarLoops } from './silent-stop-bars';
import type { StepDetector } from './step-readings';
import type { SumoNet } from './sumo-net';
import type { TraciClient } from './traci/traci-client';

/** The TraCI reads it needs (a fake in its spec). */
export type ActuationTraci = Pick<TraciClient, 'detectorLaneId' | 'laneLengthM' | 'inductionLoopPositionM' | 'laneMaxSpeedMps' | 'tlsControlledLanes'>;

/**
 * Which detectors (indices in the step readings) lie on each lane, the calls of actuated phases, which of them
 * are queue loops (induction loops far enough upstream of the lane's end, the stop line, to call on presence), and
 * on lanes without a queue loop, the speed below which a passage loop's vehicles call (SLOW_CALL_FRACTION of the
 * lane's limit, actuation.ts), and for those lanes the counting zone of each incoming edge (its advance and stop-bar
 * loops; an edge with a lane lacking either loop is not counted); on lanes with a queue loop, the stop-bar loops that
 * call nothing (silent-stop-bars.ts).
 */
export async function actuationDetectors(
  traci: ActuationTraci,
  detectors: readonly StepDetector[],
  lightIds: readonly string[],
  readNet: () => Promise<SumoNet>,
): Promise<{
  detectorsOnLane: Map<string, number[]>; queueDetectors: Set<number>; silentLoops: Set<number>; slowBelowMps: Map<number, number>; stopBarM: Map<number, number>; approachZones: ApproachZone[];
}> {
  const detectorsOnLane = new Map<string, number[]>();
  const queueDetectors = new Set<number>();
  const slowBelowMps = new Map<number, number>();
  const stopBarM = new Map<number, number>();
  const laneLengthM = new Map<string, number>();
  const passageLoops: { index: number; lane: string; toStopLineM: number }[] = [];
  const controlled = new Set<string>();
  for (const id of lightIds) for (const lane of await traci.tlsControlledLanes(id)) controlled.add(lane);
  // Read only when a loop lies before a controlled lane (lane-chains.ts): a city's net is large.
  let chains: LaneChains | undefined;
  for (const [i, d] of detectors.entries()) {
    const lane = await traci.detectorLaneId(d.kind, d.id);
    if (d.kind !== 'loop' || controlled.has(lane)) {
      detectorsOnLane.set(lane, [...(detectorsOnLane.get(lane) ?? []), i]);
      if (d.kind !== 'loop') continue;
      if (!laneLengthM.has(lane)) laneLengthM.set(lane, await traci.laneLengthM(lane));
      const toStopLineM = laneLengthM.get(lane)! - (await traci.inductionLoopPositionM(d.id));
      if (isQueueLoop(toStopLineM)) queueDetectors.add(i);
      else passageLoops.push({ index: i, lane, toStopLineM });
      continue;
    }
    // A loop on a lane before the controlled ones counts for each controlled lane it feeds.
    chains ??= laneChains(await readNet());
    const fed = chains.feeds(lane, await traci.inductionLoopPositionM(d.id));
    if (!fed) continue;
    for (const target of fed.controlledLanes) {
      detectorsOnLane.set(target, [...(detectorsOnLane.get(target) ?? []), i]);
      if (!isQueueLoop(fed.toStopLineM)) passageLoops.push({ index: i, lane: target, toStopLineM: fed.toStopLineM });
    }
    if (isQueueLoop(fed.toStopLineM)) queueDetectors.add(i);
  }
  // A lane with a queue loop sees its queue there; on the others only a slow crossing tells a delayed vehicle.
  const queueLanes = new Set([...detectorsOnLane].filter(([, loops]) => loops.some((i) => queueDetectors.has(i))).map(([lane]) => lane));
  const silentLoops = silentStopBarLoops(passageLoops, queueLanes);
  const zoneLoops = new Map<string, { stop: Map<string, number[]>; advance: Map<string, number[]> }>();
  for (const { index, lane, toStopLineM } of passageLoops) {
    if (queueLanes.has(lane)) continue;
    slowBelowMps.set(index, slowCallBelowMps(await traci.laneMaxSpeedMps(lane)));
    const isStopBar = toStopLineM < QUEUE_LOOP_DISTANCE_M.minM;
    if (isStopBar) stopBarM.set(index, toStopLineM);
    const edge = edgeOfLane(lane);
    const zone = zoneLoops.get(edge) ?? { stop: new Map<string, number[]>(), advance: new Map<string, number[]>() };
    const side = isStopBar ? zone.stop : zone.advance;
    side.set(lane, [...(side.get(lane) ?? []), index]);
    zoneLoops.set(edge, zone);
  }
  const approachZones: ApproachZone[] = [];
  for (const [edge, { stop, advance }] of zoneLoops) {
    // Every lane of the edge needs both loops, or vehicles would enter or leave the zone unseen.
    const lanes = [...detectorsOnLane.keys()].filter((l) => edgeOfLane(l) === edge);
    // A loop before a lane split feeds (and is listed under) several lanes: it counts a vehicle in once.
    if (lanes.every((l) => stop.has(l) && advance.has(l))) approachZones.push({ advanceLoops: [...new Set([...advance.values()].flat())], stopBarLoops: [...new Set([...stop.values()].flat())] });
  }
  return { detectorsOnLane, queueDetectors, silentLoops, slowBelowMps, stopBarM, approachZones };
}
