/**
 * The clock the lights check plans and commands on (skew, `expiresAt`), count CENTRE_SILENT on and stamp their
 * status with. `wall` (the default) is the real time, right for a live centre: it stamps plans on the wall clock,
 * while the run's epoch mapping puts the simulation in the past (run-window.ts), so on simulated time a live
 * centre's plans would look issued in the future. `simulation` is the run's epoch time of the last simulated second
 * (epochMsOf(simS)), right for a centre that plans on simulated time (an evaluation whose processor clock follows
 * the lights' state messages): at --speed 0 a run covers hours in minutes, and wall-clock validity would expire
 * plans that are still current in the simulation.
 */
export const CONTROLLER_CLOCKS = ['wall', 'simulation'] as const;
export type ControllerClockKind = (typeof CONTROLLER_CLOCKS)[number];

export interface ControllerClock {
  nowMs(): number;
  /** The simulation reached `simS` (called before the lights' step). */
  atStep(simS: number): void;
}

export function controllerClockOf(
  kind: ControllerClockKind,
  run: { beginS: number; epochMsOf: (simS: number) => number },
  wallNowMs: () => number = Date.now,
): ControllerClock {
  if (kind === 'wall') return { nowMs: wallNowMs, atStep: () => undefined };
  let simS = run.beginS;
  return {
    nowMs: () => run.epochMsOf(simS),
    atStep: (s) => {
      simS = s;
    },
  };
}
