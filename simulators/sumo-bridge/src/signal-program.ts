/**
 * Maps a SUMO traffic light program onto Arterial contract phases. Every green-bearing SUMO phase becomes one
 * contract phase (ids 1..n in program order); the yellow and all-red SUMO phases after it are its change interval.
 * Pure functions: the controller bridge feeds them TraCI readings. What a plan may do with a program is decided by
 * the contracts' safety rules against its junction limits (junction-limits.ts), not here.
 */
import type { PhaseState, PhaseStatus, PlanSplit } from '@arterial/contracts/mqtt/v1';
import type { TlsLogic, TlsPhase } from './traci/traffic-light-logic';

export interface ContractPhase {
  id: number;
  /** Index of the SUMO phase that shows this phase's green. */
  greenIndex: number;
  /** SUMO phase indices of the change interval (yellow, then all-red) that follow the green. */
  changeIndices: number[];
  greenS: number;
  yellowS: number;
  allRedS: number;
}

export interface SignalProgram {
  programId: string;
  phases: ContractPhase[];
  cycleS: number;
  /** Contract phase owning each SUMO phase index, and what that SUMO phase shows for it. */
  owner: { phaseId: number; role: 'green' | 'yellow' | 'all-red' }[];
}

const isGreen = (state: string): boolean => /[Gg]/.test(state);
const isYellow = (state: string): boolean => /[yY]/.test(state);

export function signalProgramOf(logic: TlsLogic): SignalProgram {
  const greenIndices = logic.phases.map((p, i) => (isGreen(p.state) && !isYellow(p.state) ? i : -1)).filter((i) => i >= 0);
  if (greenIndices.length === 0) throw new Error(`program ${logic.programId} has no green phase`);
  const n = logic.phases.length;
  const owner: SignalProgram['owner'] = new Array<SignalProgram['owner'][number]>(n);
  const phases: ContractPhase[] = greenIndices.map((greenIndex, k) => {
    const id = k + 1;
    const green = phaseAt(logic, greenIndex);
    owner[greenIndex] = { phaseId: id, role: 'green' };
    const changeIndices: number[] = [];
    let yellowS = 0;
    let allRedS = 0;
    for (let i = (greenIndex + 1) % n; !greenIndices.includes(i); i = (i + 1) % n) {
      const p = phaseAt(logic, i);
      const role = isYellow(p.state) ? 'yellow' : 'all-red';
      owner[i] = { phaseId: id, role };
      changeIndices.push(i);
      if (role === 'yellow') yellowS += p.durationS;
      else allRedS += p.durationS;
    }
    return { id, greenIndex, changeIndices, greenS: green.durationS, yellowS, allRedS };
  });
  const cycleS = logic.phases.reduce((s, p) => s + p.durationS, 0);
  return { programId: logic.programId, phases, cycleS, owner };
}

export interface SignalSnapshot {
  phases: PhaseStatus[];
  cycleS: number;
  cycleSecond: number;
}

/**
 * Contract view of the light at simulation time `nowS`, in SUMO phase `phaseIndex` which switches at `nextSwitchS`.
 * remainingS is the time until each phase's indication changes.
 */
export function snapshotOf(logic: TlsLogic, program: SignalProgram, phaseIndex: number, nowS: number, nextSwitchS: number): SignalSnapshot {
  const n = logic.phases.length;
  const remainingInCurrent = Math.max(0, nextSwitchS - nowS);
  const current = program.owner[phaseIndex];
  // Seconds from now until SUMO phase i starts (for i after the current one, cyclically).
  const startsIn = (i: number): number => {
    let t = remainingInCurrent;
    for (let j = (phaseIndex + 1) % n; j !== i; j = (j + 1) % n) t += phaseAt(logic, j).durationS;
    return t;
  };
  const phases = program.phases.map((ph): PhaseStatus => {
    let state: PhaseState = 'red';
    let remainingS: number;
    if (current && current.phaseId === ph.id && current.role !== 'all-red') {
      state = current.role;
      remainingS = current.role === 'green' ? remainingInCurrent : remainingInCurrent + laterYellowS(logic, program, ph, phaseIndex);
    } else {
      remainingS = ph.greenIndex === phaseIndex ? remainingInCurrent : startsIn(ph.greenIndex);
    }
    return { id: ph.id, state, remainingS: round1(Math.min(600, remainingS)) };
  });
  const durationNow = phaseAt(logic, phaseIndex).durationS;
  let elapsedBefore = 0;
  for (let j = 0; j < phaseIndex; j++) elapsedBefore += phaseAt(logic, j).durationS;
  const cycleS = Math.max(1, Math.round(program.cycleS));
  const cycleSecond = Math.min(cycleS - 0.1, Math.max(0, elapsedBefore + durationNow - remainingInCurrent));
  return { phases, cycleS, cycleSecond: round1(cycleSecond) };
}

/** Yellow time still to come after the current yellow SUMO phase within the same change interval. */
function laterYellowS(logic: TlsLogic, program: SignalProgram, ph: ContractPhase, phaseIndex: number): number {
  const pos = ph.changeIndices.indexOf(phaseIndex);
  let s = 0;
  for (const i of ph.changeIndices.slice(pos + 1)) {
    if (program.owner[i]?.role === 'yellow') s += phaseAt(logic, i).durationS;
  }
  return s;
}

/** The program with each contract phase's green duration replaced by the plan's split. */
export function logicWithSplits(logic: TlsLogic, program: SignalProgram, splits: readonly PlanSplit[], programId: string): TlsLogic {
  const greens = new Map(program.phases.map((p) => [p.greenIndex, splits.find((s) => s.phase === p.id)?.greenS]));
  const phases: TlsPhase[] = logic.phases.map((p, i) => {
    const g = greens.get(i);
    return g === undefined ? { ...p, next: [...p.next] } : { ...p, durationS: g, minDurS: g, maxDurS: g, next: [...p.next] };
  });
  return { ...logic, programId, currentPhaseIndex: 0, phases, subParameters: { ...logic.subParameters } };
}

function phaseAt(logic: TlsLogic, i: number): TlsPhase {
  const p = logic.phases[i];
  if (!p) throw new Error(`program ${logic.programId} has no phase ${i}`);
  return p;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
