/**
 * The simulation clock of a bridge run: one 1 s SUMO step at a time until the end time, a stop request or SUMO
 * ending the run itself, paced at `speed` × real time (0: as fast as possible). What happens in a step is the
 * caller's; its work is awaited before the next step, so SUMO never runs ahead of the devices.
 */
import type { TraciClient } from './traci/traci-client';

export interface StepLoopOptions {
  traci: TraciClient;
  beginS: number;
  endS: number;
  /** 0 or absent: as fast as possible; n: n times real time. */
  speed?: number;
  shouldStop: () => boolean;
  log: (line: string) => void;
  /** After SUMO stepped to simS (the step's number is `steps`). */
  onStep: (simS: number, steps: number) => Promise<void>;
}

export interface StepLoopResult {
  steps: number;
  simS: number;
  /** SUMO closed TraCI itself at its configured end time: a normal end, with no session left to close. */
  endedBySumo: boolean;
}

/** Step length the bridge runs SUMO with (`--step-length 1`). */
export const STEP_S = 1;

export async function runSteps(o: StepLoopOptions): Promise<StepLoopResult> {
  const wallStart = Date.now();
  let steps = 0;
  let simS = o.beginS;
  while (!o.shouldStop() && simS < o.endS) {
    try {
      await o.traci.simulationStep();
    } catch (err) {
      if (steps > 0 && /closed/.test((err as Error).message)) {
        o.log(`SUMO ended the simulation at t=${simS}s`);
        return { steps, simS, endedBySumo: true };
      }
      throw err;
    }
    steps++;
    simS = o.beginS + steps * STEP_S;
    await o.onStep(simS, steps);
    if (o.speed && o.speed > 0) {
      const wait = wallStart + (steps * 1000 * STEP_S) / o.speed - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }
  return { steps, simS, endedBySumo: false };
}
