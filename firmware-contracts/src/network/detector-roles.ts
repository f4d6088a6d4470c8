/**
 * What a detector's place tells an actuated controller to do with it. A loop 15–30 m before the stop line sits where
 * SUMO's actuated controller puts its own (about 2 s of travel at urban speeds, a few vehicles of queue) and works in
 * presence mode: it calls while a vehicle stands on it, so a green it extends ends when the queue behind the stop line
 * has cleared to it. Nearer loops see the head of the queue (where a turner waiting for a gap stands) and farther ones
 * (advance loops) a queue no minimum green can clear to them: both work in pulse (passage) mode. The SUMO bridge's
 * field controller and the plan engine read loops by this one rule.
 */
export const PRESENCE_LOOP_DISTANCE_M = { minM: 15, maxM: 30 } as const;

/** Whether a loop this far before the stop line works in presence mode (see PRESENCE_LOOP_DISTANCE_M). */
export function isPresenceLoop(distanceFromStopLineM: number): boolean {
  return distanceFromStopLineM >= PRESENCE_LOOP_DISTANCE_M.minM && distanceFromStopLineM <= PRESENCE_LOOP_DISTANCE_M.maxM;
}
