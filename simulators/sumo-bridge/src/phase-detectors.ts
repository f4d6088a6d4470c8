/**
 * Which loops may extend which phase: the loops of a lane call for a phase only when every link leaving that lane is
 * green in it, as SUMO's own actuated controller assigns its loops (MSActuatedTrafficLightLogic, "check1"). A minor
 * green ('g', yield) counts as green only where it cannot hold a queue the phase does not serve:
 * - the link is never a major green in the program and the lane has a major green in this phase (a permitted turn
 *   that shares a lane with through traffic: the lane's traffic is mostly the through movement), or
 * - the lane's edge has one lane (otherwise that approach could not extend at all).
 * A turn bay whose left turn is permitted here but protected in a phase of its own therefore does not extend this
 * phase: left turners queued there wait for gaps and would hold the through green to its maximum (seen on the
 * turn-bay grid, docs/eval-control.md). A loop placed before a lane split is listed under every controlled lane it feeds
 * and calls for a phase through any of them, as SUMO's one loop per controlled lane at that same spot does. A phase
 * left without any loop by the rule keeps every loop on its green lanes.
 */
import { signalProgramOf } from './signal-program';
import type { TlsLogic } from './traci/traffic-light-logic';

/** SUMO lane id `<edge>_<index>` → its edge id. */
export function edgeOfLane(laneId: string): string {
  const cut = laneId.lastIndexOf('_');
  return cut > 0 ? laneId.slice(0, cut) : laneId;
}

/** Detector indices per contract phase (signal-program.ts ids). */
export function phaseDetectorsOf(logic: TlsLogic, controlledLanes: readonly string[], detectorsOnLane: ReadonlyMap<string, readonly number[]>): Map<number, number[]> {
  const states = logic.phases.map((p) => p.state);
  const everMajor = controlledLanes.map((_, link) => states.some((s) => s[link] === 'G'));
  const linksOfLane = new Map<string, number[]>();
  controlledLanes.forEach((lane, link) => linksOfLane.set(lane, [...(linksOfLane.get(lane) ?? []), link]));
  const lanesOfEdge = new Map<string, Set<string>>();
  for (const lane of controlledLanes) lanesOfEdge.set(edgeOfLane(lane), (lanesOfEdge.get(edgeOfLane(lane)) ?? new Set()).add(lane));
  const oneLane = (lane: string): boolean => (lanesOfEdge.get(edgeOfLane(lane))?.size ?? 0) <= 1;
  const detectorsOf = (lanes: Iterable<string>): number[] => [...new Set([...lanes].flatMap((lane) => [...(detectorsOnLane.get(lane) ?? [])]))];

  const out = new Map<number, number[]>();
  for (const phase of signalProgramOf(logic).phases) {
    const state = logic.phases[phase.greenIndex]?.state ?? '';
    const green = (c: string | undefined): boolean => c === 'G' || c === 'g';
    const greenLanes = new Set([...state].flatMap((c, link) => (green(c) ? [controlledLanes[link] ?? ''] : [])));
    const usable = [...greenLanes].filter((lane) => {
      const links = linksOfLane.get(lane) ?? [];
      const laneHasMajor = links.some((j) => state[j] === 'G');
      return links.every((j) => state[j] === 'G' || (state[j] === 'g' && ((!everMajor[j] && laneHasMajor) || oneLane(lane))));
    });
    const loops = detectorsOf(usable);
    out.set(phase.id, loops.length > 0 ? loops : detectorsOf(greenLanes));
  }
  return out;
}
