/**
 * Maps a SUMO traffic light program onto Arterial contract phases. Every green-bearing SUMO phase becomes one
 * contract phase (ids 1..n in program order); the yellow and all-red SUMO phases after it are its change interval.
 * Pure functions: the controller bridge feeds them TraCI readings. What a plan may do with a program is decided by
 * the contracts' safety rules against its junction limits (junction-limits.ts), not here.
 */
import type { PhaseStatus, PlanSplit } from '@arterial/contracts/mqtt/v1';
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
  /**
   * Contract phase owning each SUMO phase index, and what that SUMO phase shows for it. A skip's change interval
   * (phase-skip.ts, appended after the cycle) belongs to the phase it follows.
   */
  owner: { phaseId: number; role: 'green' | 'yellow' | 'all-red' }[];
}

/** Whether one link's signal character is green (major `G` or minor `g`). */
export const isGreenLink = (c: string | undefined): boolean => c === 'G' || c === 'g';
/** Whether a SUMO state shows green on any link. */
export const showsGreen = (state: string): boolean => /[Gg]/.test(state);
const isYellow = (state: string): boolean => /[yY]/.test(state);

/** Name prefix of the change intervals phase-skip.ts appends after the cycle (`skip:<skipped phase>`). */
export const SKIP_PHASE_PREFIX = 'skip:';

/** SUMO phases of the cycle: those before the first appended skip phase (phase-skip.ts). */
export function cycleLengthOf(logic: TlsLogic): number {
  const firstSkip = logic.phases.findIndex((p) => p.name.startsWith(SKIP_PHASE_PREFIX));
  return firstSkip < 0 ? logic.phases.length : firstSkip;
}

export function signalProgramOf(logic: TlsLogic): SignalProgram {
  const n = cycleLengthOf(logic);
  const greenIndices = logic.phases.slice(0, n).map((p, i) => (showsGreen(p.state) && !isYellow(p.state) ? i : -1)).filter((i) => i >= 0);
  if (greenIndices.length === 0) throw new Error(`program ${logic.programId} has no green phase`);
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
  // A skip's change interval replaces that of the phase before the skipped one.
  for (let i = n; i < logic.phases.length; i++) {
    const skipped = Number(logic.phases[i]!.name.slice(SKIP_PHASE_PREFIX.length));
    const before = phases[phases.findIndex((p) => p.id === skipped) - 1];
    if (before) owner[i] = { phaseId: before.id, role: isYellow(logic.phases[i]!.state) ? 'yellow' : 'all-red' };
  }
  const cycleS = logic.phases.slice(0, n).reduce((s, p) => s + p.durationS, 0);
  return { programId: logic.programId, phases, cycleS, owner };
}

export interface SignalSnapshot {
  phases: PhaseStatus[];
  cycleS: number;
  cycleSecond: number;
}

/**
 * Contract view of the light at simulation time `nowS`, in SUMO phase `phaseIndex` which switches at `nextSwitchS`,
 * with the contract's promise (docs/contracts.md, "remainingS is a promise"): a green reports its earliest possible end
 * (`greenEndS` when it is actuated, else its switch time), a yellow the end of its change interval, and every red phase
 * the end of the running clearance, the earliest moment any of them may turn green (a gap-out, a skipped phase or a
 * command may bring a later green forward).
 */
export function snapshotOf(logic: TlsLogic, program: SignalProgram, phaseIndex: number, nowS: number, nextSwitchS: number, greenEndS?: number): SignalSnapshot {
  const remainingInCurrent = Math.max(0, nextSwitchS - nowS);
  const current = program.owner[phaseIndex];
  const currentPhase = program.phases.find((p) => p.id === current?.phaseId);
  const greenRemainingS = greenEndS === undefined ? remainingInCurrent : Math.min(remainingInCurrent, Math.max(0, greenEndS - nowS));
  // When the running change interval ends: after the green, its yellow and all-red; within it, what is left of it.
  const clearanceEndS = !current || !currentPhase
    ? remainingInCurrent
    : current.role === 'green'
      ? greenRemainingS + currentPhase.yellowS + currentPhase.allRedS
      : remainingInCurrent + laterChangeS(logic, program, phaseIndex, () => true);
  const phases = program.phases.map((ph): PhaseStatus => {
    if (current && current.phaseId === ph.id && current.role === 'green') return { id: ph.id, state: 'green', remainingS: round1(Math.min(600, greenRemainingS)) };
    if (current && current.phaseId === ph.id && current.role === 'yellow') {
      const yellowLeftS = remainingInCurrent + laterChangeS(logic, program, phaseIndex, (i) => program.owner[i]?.role === 'yellow');
      return { id: ph.id, state: 'yellow', remainingS: round1(Math.min(600, yellowLeftS)) };
    }
    return { id: ph.id, state: 'red', remainingS: round1(Math.min(600, clearanceEndS)) };
  });
  const n = cycleLengthOf(logic);
  const cycleS = Math.max(1, Math.round(program.cycleS));
  const startOf = (index: number): number => logic.phases.slice(0, index).reduce((sum, p) => sum + p.durationS, 0);
  let cycleSecond: number;
  if (phaseIndex < n) {
    cycleSecond = startOf(phaseIndex) + phaseAt(logic, phaseIndex).durationS - remainingInCurrent;
  } else {
    // A skip's change interval ends where the green after the skipped phase starts.
    let after = nextIndexOf(logic, phaseIndex);
    let laterS = 0;
    while (after >= n) {
      laterS += phaseAt(logic, after).durationS;
      after = nextIndexOf(logic, after);
    }
    cycleSecond = (after === 0 ? program.cycleS : startOf(after)) - remainingInCurrent - laterS;
  }
  cycleSecond = Math.min(cycleS - 0.1, Math.max(0, cycleSecond));
  return { phases, cycleS, cycleSecond: round1(cycleSecond) };
}

/** Time of the SUMO phases still to come in the change interval now running (those `counts` selects), after the current one. */
function laterChangeS(logic: TlsLogic, program: SignalProgram, phaseIndex: number, counts: (index: number) => boolean): number {
  let s = 0;
  const owner = program.owner[phaseIndex];
  // The change interval runs on through SUMO's order (or `next`) while the same phase owns it and no green comes.
  for (let i = nextIndexOf(logic, phaseIndex); i !== phaseIndex && program.owner[i]?.phaseId === owner?.phaseId && program.owner[i]?.role !== 'green'; i = nextIndexOf(logic, i)) {
    if (counts(i)) s += phaseAt(logic, i).durationS;
  }
  return s;
}

/** The SUMO phase after `i`: its `next`, else the following one in the cycle. */
export function nextIndexOf(logic: TlsLogic, i: number): number {
  const next = logic.phases[i]?.next[0];
  return next ?? (i + 1) % logic.phases.length;
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
