/**
 * Operator commands (contract v1.1 `hold-phase`, `flash`, `resume`) for one SUMO light, as a pure state machine.
 * While a command is engaged the runner drives the light one shown interval at a time: the bridge freezes every
 * SUMO phase it shows (SUMO never switches by itself) and the runner says, step by step, when to show what. Times
 * are counted the way the conflict monitor counts them: an interval shown from step `sinceS` has run
 * `t − sinceS + 1` s at step t, and what the runner returns at step t is seen from step t + 1.
 *
 * Rules (never cut a minimum green, yellow or all-red):
 * - A green being left serves its minimum green (counted from its start), then its change interval in full.
 * - At the end of a change interval the light goes to the held phase's green directly when that change interval
 *   showed no green (nothing is carried over: every link it cleared is red); otherwise, as SUMO's program would, to
 *   the next green of the program, served at its minimum, and decides again at the end of its change interval.
 *   The change interval before the held green is then always a whole one, the program's own or another phase's.
 * - Flash starts at the end of such a clean change interval: every link `o`. Ending a flash shows all links red
 *   for the clearance (`clearanceS`) before any green.
 * - A hold or flash ends at `expiresAt` (the controller's clock) or on resume; the light then returns to its program: after a
 *   change interval to the program's next green, after the flash's red clearance to the program's first phase.
 *   Where the bridge re-enters the running plan (or SUMO's own program) through its transition.
 */
import type { ControllerCommand } from '@arterial/contracts/mqtt/v1';
import { effectiveMinGreenS, type JunctionLimits } from '@arterial/contracts/network';
import { nextIndexOf, showsGreen, type SignalProgram, signalProgramOf } from './signal-program';
import type { TlsLogic } from './traci/traffic-light-logic';

/** What the light shows during one interval: a phase of the running SUMO program, or a state string of its own. */
export type Shown = { kind: 'index'; index: number } | { kind: 'flash' } | { kind: 'clearance' };

/** What the bridge does after this step's reading. */
export type RunnerAction =
  /** Show this SUMO phase of the running program, frozen (the runner ends it). */
  | { kind: 'show-phase'; index: number }
  /** Show this state on every link (flash 'o…', red clearance 'r…'). */
  | { kind: 'show-state'; state: string }
  /** Hand the light back to its program in this SUMO phase, with the program's own duration; re-coordinate. */
  | { kind: 'release'; index: number };

export type CommandMode = 'manual' | 'flash';

export interface RunnerProgram {
  program: SignalProgram;
  /** SUMO state string of each phase of the program (for the "shows green" test of change intervals). */
  states: readonly string[];
  /** Duration of each SUMO phase of the program: a change interval runs exactly this long. */
  durationsS: readonly number[];
  /** The SUMO phase after each one: its `next` (a skip's change interval leads past the skipped phase), else the following one. */
  next: readonly number[];
  /** Per SUMO phase of a change interval, every phase of that interval (the program's own, or a skip's, phase-skip.ts). */
  changeRun: ReadonlyMap<number, readonly number[]>;
  /** Minimum green per contract phase id (the junction limits). */
  minGreenS: ReadonlyMap<number, number>;
  /** Red on every link after a flash, before any green. */
  clearanceS: number;
}

/** Shortest red on every link between a flash and a green, whatever the program's all-red. */
export const MIN_FLASH_CLEARANCE_S = 2;

/** The runner's view of a light: its program, its junction limits' minimum greens, the red after a flash. */
export function runnerProgramOf(logic: TlsLogic, limits: JunctionLimits): RunnerProgram {
  const program = signalProgramOf(logic);
  const changeRun = new Map<number, number[]>();
  for (const phase of program.phases) for (const i of phase.changeIndices) changeRun.set(i, phase.changeIndices);
  logic.phases.forEach((p, i) => {
    if (!program.owner[i] || changeRun.has(i) || program.owner[i]!.role === 'green') return;
    changeRun.set(i, logic.phases.flatMap((q, j) => (q.name === p.name ? [j] : [])));
  });
  return {
    program,
    states: logic.phases.map((p) => p.state),
    durationsS: logic.phases.map((p) => p.durationS),
    next: logic.phases.map((_, i) => nextIndexOf(logic, i)),
    changeRun,
    minGreenS: new Map(limits.phases.map((p) => [p.id, effectiveMinGreenS(p)])),
    clearanceS: Math.max(MIN_FLASH_CLEARANCE_S, ...program.phases.map((p) => p.allRedS)),
  };
}

type Target = { kind: 'hold'; phaseId: number } | { kind: 'flash' } | { kind: 'release' };

interface Interval {
  shown: Shown;
  /** First step it was seen (or will be: the step after the action). */
  sinceS: number;
  /** Seconds it must run before the light may leave it. */
  minS: number;
}

export class CommandRunner {
  private target: Target | undefined;
  private endsAtMs = Number.POSITIVE_INFINITY;
  private current: Interval | undefined;

  constructor(private readonly p: RunnerProgram) {}

  /** True while the runner drives the light (a command runs, or the light is on its way back to the program). */
  get engaged(): boolean {
    return this.current !== undefined;
  }

  /** The mode the controller reports: manual while holding (or going to or from a hold), flash while flashing. */
  get mode(): CommandMode | undefined {
    if (!this.current) return undefined;
    return this.current.shown.kind === 'flash' ? 'flash' : 'manual';
  }

  /** The phase held, when its green shows now. */
  get heldPhase(): number | undefined {
    const shown = this.current?.shown;
    if (this.target?.kind !== 'hold' || shown?.kind !== 'index') return undefined;
    const owner = this.p.program.owner[shown.index];
    return owner?.role === 'green' && owner.phaseId === this.target.phaseId ? owner.phaseId : undefined;
  }

  /** The earliest step at which the running interval may end (for remaining times in state). */
  earliestEndS(): number | undefined {
    return this.current ? this.current.sinceS + this.current.minS : undefined;
  }

  /** Controller time the running hold or flash ends (infinite when none runs). */
  get untilMs(): number {
    return this.endsAtMs;
  }

  /** True when a command was active (a resume has something to end). */
  get active(): boolean {
    return this.target !== undefined && this.target.kind !== 'release';
  }

  /**
   * An accepted command. `shownIndex` and `sinceS`: the program phase the light shows now and the step it was
   * first seen (the bridge tracks it), used when the runner takes over from the program.
   */
  accept(command: ControllerCommand, shownIndex: number, sinceS: number): void {
    if (command.action === 'resume') {
      if (this.current) this.target = { kind: 'release' };
      this.endsAtMs = Number.POSITIVE_INFINITY;
      return;
    }
    this.target = command.action === 'hold-phase' ? { kind: 'hold', phaseId: command.phase! } : { kind: 'flash' };
    this.endsAtMs = command.expiresAt;
    if (!this.current) this.current = { shown: { kind: 'index', index: shownIndex }, sinceS, minS: this.minimumOf({ kind: 'index', index: shownIndex }) };
  }

  /**
   * One step (simulation second `simTimeS`, controller clock `nowMs`): what to show from the next step, if anything
   * changes. undefined while the running interval continues.
   */
  step(simTimeS: number, nowMs: number): RunnerAction | undefined {
    const current = this.current;
    if (!current) return undefined;
    if (this.target && this.target.kind !== 'release' && nowMs >= this.endsAtMs) this.target = { kind: 'release' };
    const target = this.target ?? { kind: 'release' };
    if (this.isDestination(current.shown, target)) return undefined;
    if (simTimeS - current.sinceS + 1 < current.minS) return undefined;
    const next = this.nextOf(current.shown, target);
    if (next.kind === 'release') {
      this.current = undefined;
      this.target = undefined;
      return next;
    }
    const shown: Shown = next.kind === 'show-phase' ? { kind: 'index', index: next.index } : next.state.startsWith('o') ? { kind: 'flash' } : { kind: 'clearance' };
    this.current = { shown, sinceS: simTimeS + 1, minS: this.minimumOf(shown) };
    return next;
  }

  /** Where the light stays while the command lasts: the held green, or flash. */
  private isDestination(shown: Shown, target: Target): boolean {
    if (target.kind === 'flash') return shown.kind === 'flash';
    if (target.kind === 'hold' && shown.kind === 'index') {
      const owner = this.p.program.owner[shown.index];
      return owner?.role === 'green' && owner.phaseId === target.phaseId;
    }
    return false;
  }

  private minimumOf(shown: Shown): number {
    if (shown.kind === 'flash') return 0;
    if (shown.kind === 'clearance') return this.p.clearanceS;
    const owner = this.p.program.owner[shown.index];
    if (owner?.role === 'green') return this.p.minGreenS.get(owner.phaseId) ?? 0;
    return this.p.durationsS[shown.index] ?? 0;
  }

  private nextOf(shown: Shown, target: Target): RunnerAction {
    const links = this.p.states[0]?.length ?? 0;
    const program = this.p.program;
    if (shown.kind !== 'index') {
      // Flash → red clearance → the held green or the program; clearance → flash again when flash is asked.
      if (target.kind === 'flash') return { kind: 'show-state', state: 'o'.repeat(links) };
      if (shown.kind === 'flash') return { kind: 'show-state', state: 'r'.repeat(links) };
      if (target.kind === 'hold') return { kind: 'show-phase', index: program.phases.find((p) => p.id === target.phaseId)!.greenIndex };
      return { kind: 'release', index: program.phases[0]!.greenIndex };
    }
    const owner = program.owner[shown.index];
    const after = this.p.next[shown.index];
    if (!owner || after === undefined) return { kind: 'release', index: shown.index };
    // Inside a green or a change interval: on to its next interval, as SUMO's program goes (a skip's interval too).
    if (program.owner[after]?.role !== 'green') return { kind: 'show-phase', index: after };
    // The change interval is over (or there is none): the green the program goes to next, unless it ended clean.
    if (target.kind === 'release') return { kind: 'release', index: after };
    const run = this.p.changeRun.get(shown.index) ?? [];
    const clean = owner.role !== 'green' && run.every((i) => !showsGreen(this.p.states[i] ?? ''));
    if (!clean) return { kind: 'show-phase', index: after };
    if (target.kind === 'flash') return { kind: 'show-state', state: 'o'.repeat(links) };
    return { kind: 'show-phase', index: program.phases.find((p) => p.id === target.phaseId)!.greenIndex };
  }
}
