/**
 * The evaluation's own scenarios, generated at run time from this code (never committed XML):
 * `grid-peak` a signalised grid at peak demand, `grid-bays` a grid of two-lane streets with left-turn bays and
 * protected left phases at peak demand, `arterial` a coordinated corridor, `surge` the corridor with a mid-run demand
 * surge and a lane blocked by a broken-down vehicle.
 */
import { buildGridScenario } from '../../index';
import { buildArterialScenario } from './arterial-scenario';
import type { GeneratedScenario } from './scenario-files';

export const EVAL_SCENARIOS = ['grid-peak', 'grid-bays', 'arterial', 'surge'] as const;
export type EvalScenarioName = (typeof EVAL_SCENARIOS)[number];

export interface EvalScenarioOptions {
  dir: string;
  /** Simulated seconds of demand (the scenario begins at 0). */
  seconds: number;
  seed: number;
  grid?: { columns: number; rows: number };
}

/** Per entry flow of the peak grid: one lane per approach with random routes: at the edge of what fixed time serves (300 veh/h already queues). */
const GRID_PEAK_VPH = 320;
/**
 * Per entry flow of the turn-bay grid (two lanes and a 60 m left-turn bay per approach, four phases): SUMO's static
 * programs keep up with 300 veh/h; at 400 they queue past the bays and some vehicles wait to enter.
 */
const GRID_BAYS_VPH = 400;
const GRID_BAY_M = 60;

export function buildEvalScenario(name: EvalScenarioName, o: EvalScenarioOptions): GeneratedScenario {
  switch (name) {
    case 'grid-peak': {
      const grid = o.grid ?? { columns: 3, rows: 3 };
      // Queue loops: the actuated phases read queues as SUMO's actuated controller does (actuation.ts isQueueLoop).
      return buildGridScenario({ dir: o.dir, ...grid, seconds: o.seconds, flowVph: GRID_PEAK_VPH, seed: o.seed, queueLoops: true });
    }
    case 'grid-bays': {
      const grid = o.grid ?? { columns: 3, rows: 3 };
      return buildGridScenario({ dir: o.dir, ...grid, seconds: o.seconds, flowVph: GRID_BAYS_VPH, seed: o.seed, queueLoops: true, turnBayM: GRID_BAY_M });
    }
    case 'arterial':
      return buildArterialScenario({ dir: o.dir, beginS: 0, endS: o.seconds });
    case 'surge':
      return buildArterialScenario({ dir: o.dir, beginS: 0, endS: o.seconds, surge: { extraVph: 700 } });
  }
}
