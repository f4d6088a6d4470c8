/**
 * A SUMO program as the junction limits the contracts' plan safety rules read (`planViolations`), so a SUMO light
 * refuses exactly what the centre refuses for the network converted from the same net: minimum green (the
 * bridge's, never above SUMO's own green), maximum green (twice SUMO's green, at least 60 s), and SUMO's yellow
 * and all-red as the intergreens of an exact cycle budget. The same numbers as the converter writes into the
 * network model (convert/sumo-net-to-network.ts calls phaseLimitsOf); the sequence is the program order.
 */
import type { JunctionLimits, PhaseDefinition } from '@arterial/contracts/network';
import type { ContractPhase, SignalProgram } from './signal-program';

/** The limits of the network model's PhaseDefinition schema. */
const MAX_MIN_GREEN_S = 120;
const MAX_GREEN_S = 300;
const MAX_INTERGREEN_PART_S = 10;
/** A phase's maximum green is twice SUMO's, but never below this, so short SUMO greens can still be stretched. */
const MAX_GREEN_FLOOR_S = 60;

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export function phaseLimitsOf(phase: ContractPhase, minGreenS: number): Pick<PhaseDefinition, 'minGreenS' | 'maxGreenS' | 'yellowS' | 'allRedS'> {
  return {
    minGreenS: clamp(Math.min(minGreenS, phase.greenS), 0, MAX_MIN_GREEN_S),
    maxGreenS: clamp(Math.max(phase.greenS * 2, MAX_GREEN_FLOOR_S), 0, MAX_GREEN_S),
    yellowS: clamp(phase.yellowS, 0, MAX_INTERGREEN_PART_S),
    allRedS: clamp(phase.allRedS, 0, MAX_INTERGREEN_PART_S),
  };
}

export function junctionLimitsOf(program: SignalProgram, minGreenS: number): JunctionLimits {
  return {
    phases: program.phases.map((p) => ({ id: p.id, name: `Phase ${p.id}`, movements: [], ...phaseLimitsOf(p, minGreenS) })),
    sequence: program.phases.map((p) => p.id),
  };
}
