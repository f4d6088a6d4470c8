/**
 * Stop-bar loops that do not call: on a lane that also has a queue loop (actuation.ts `isQueueLoop`, 15–30 m
 * upstream), the queue loop alone decides, as in SUMO's actuated controller, whose only loop per lane sits about
 * 22 m upstream. A queued vehicle crossing the stop-bar loop during the minimum green otherwise buys a full passage
 * after it, ending the green a second or more after SUMO's, and a vehicle standing there (a left turner waiting for a
 * gap) is not a queue to serve. Keys on where the bridge placed the loops, so it holds on any network; lanes without a
 * queue loop (the corridor's) keep their stop-bar calls. Measured on the peak grid (docs/eval-control.md, rounds 15
 * and 17).
 */
import { QUEUE_LOOP_DISTANCE_M } from './actuation';

/** An induction loop as the bridge placed it: its index in the step's readings, its lane, its distance to the stop line. */
export interface PlacedLoop {
  readonly index: number;
  readonly lane: string;
  readonly toStopLineM: number;
}

/** The loops nearer the stop line than a queue loop, on lanes that have a queue loop: they call no phase. */
export function silentStopBarLoops(loops: readonly PlacedLoop[], queueLanes: ReadonlySet<string>): Set<number> {
  return new Set(loops.filter((l) => queueLanes.has(l.lane) && l.toStopLineM < QUEUE_LOOP_DISTANCE_M.minM).map((l) => l.index));
}
