/**
 * A per-green trace of one light, for diagnosing actuation (bridge option `phaseTraceFile`): each green's phase,
 * start, end and why it ended, and how many of the phase's loops still had a vehicle on them when it ended (a
 * queue left behind). Pure: the controller feeds it the green it shows each step.
 */

/**
 * Why a green ended: `gap-out` (the bridge ended it: no call for the passage time), `max-out` (a free actuated phase
 * ran to its maximum), `force-off` (a non-coordinated phase of a coordinated plan reached its split end), `yield`
 * (the coordinated phase reached its yield point), `fixed` (a fixed-time plan, a transition cycle or the light's own
 * program run by the bridge), `sumo` (SUMO's own controller ran the light).
 */
export type GreenEndReason = 'gap-out' | 'max-out' | 'force-off' | 'yield' | 'fixed' | 'sumo';

export interface GreenRecord {
  phaseId: number;
  /** First and last simulated second the green was shown (SUMO shows a switch one step late, the same for every run). */
  startS: number;
  endS: number;
  durationS: number;
  reason: GreenEndReason;
  /** The phase's loops with a vehicle on them in the step the green ended, of `phaseLoops`. */
  occupiedLoops: number;
  phaseLoops: number;
}

export class GreenTrace {
  private open: { phaseId: number; startS: number; lastS: number; gapOut: boolean } | undefined;

  /** The green shown this step (a contract phase id) or undefined; returns the green that ended, if one did. */
  step(simTimeS: number, greenPhaseId: number | undefined, ending: (phaseId: number) => { reason: GreenEndReason; occupiedLoops: number; phaseLoops: number }): GreenRecord | undefined {
    const open = this.open;
    if (open && open.phaseId === greenPhaseId) {
      open.lastS = simTimeS;
      return undefined;
    }
    this.open = greenPhaseId === undefined ? undefined : { phaseId: greenPhaseId, startS: simTimeS, lastS: simTimeS, gapOut: false };
    if (!open) return undefined;
    const end = ending(open.phaseId);
    return {
      phaseId: open.phaseId, startS: open.startS, endS: open.lastS, durationS: open.lastS - open.startS + 1,
      ...end, reason: open.gapOut ? 'gap-out' : end.reason,
    };
  }

  /** The bridge ended the open green by gap-out. */
  markGapOut(): void {
    if (this.open) this.open.gapOut = true;
  }

  /** A command took the light over: what it shows is not a plan's green. */
  reset(): void {
    this.open = undefined;
  }
}
