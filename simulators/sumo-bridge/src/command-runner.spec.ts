import type { ControllerCommand } from '@arterial/contracts/mqtt/v1';
import { CommandRunner, MIN_FLASH_CLEARANCE_S, type RunnerAction, runnerProgramOf } from './command-runner';
import { ConflictMonitor, monitorCardOf, type Violation } from './conflict-monitor';
import { junctionLimitsOf } from './junction-limits';
import { withSkipPhases } from './phase-skip';
import { signalProgramOf } from './signal-program';
import type { TlsLogic } from './traci/traffic-light-logic';

const phase = (durationS: number, state: string) => ({ durationS, state, minDurS: durationS, maxDurS: durationS, next: [], name: '' });
const logicOf = (...phases: ReturnType<typeof phase>[]): TlsLogic => ({ programId: '0', type: 0, currentPhaseIndex: 0, subParameters: {}, phases });
/** Three phases, each with a yellow and a 2 s all-red; links 0-1, 2-3 and 4-5 go together. */
const THREE = logicOf(
  phase(30, 'GGrrrr'), phase(3, 'yyrrrr'), phase(2, 'rrrrrr'),
  phase(20, 'rrGGrr'), phase(3, 'rryyrr'), phase(2, 'rrrrrr'),
  phase(25, 'rrrrGG'), phase(3, 'rrrryy'), phase(2, 'rrrrrr'),
);
/** Link 2 stays green from phase 1 into phase 2 (a lagging movement): phase 1's change interval is not clean. */
const CARRIED = logicOf(phase(30, 'GGGrr'), phase(3, 'yyGrr'), phase(20, 'rrGrr'), phase(3, 'rryrr'), phase(25, 'rrrGG'), phase(3, 'rrryy'));
const MIN_GREEN_S = 5;

const NOW = 1_800_000_000_000;
const command = (action: ControllerCommand['action'], over: Partial<ControllerCommand> = {}): ControllerCommand => ({
  commandId: `c-${action}`, issuedAt: NOW, expiresAt: NOW + 120_000, action, reason: 'spec', ...(action === 'hold-phase' ? { phase: 2 } : {}), ...over,
});

interface Trace {
  /** What was shown each step from t = 0. */
  states: string[];
  modes: (string | undefined)[];
  actions: { t: number; action: RunnerAction }[];
  violations: Violation[];
}

/**
 * A light as SUMO runs it: the program advances by itself, except a phase the runner showed (frozen) or a state of
 * its own; a release hands the phase back with its program duration. Commands arrive at their step (the wall clock
 * runs with simulation time from NOW); every shown state goes through a conflict monitor carded from the program.
 */
function simulate(logic: TlsLogic, untilS: number, script: Record<number, ControllerCommand>, startIndex = 0): Trace {
  const limits = junctionLimitsOf(signalProgramOf(logic), MIN_GREEN_S);
  const sut = new CommandRunner(runnerProgramOf(logic, limits));
  const monitor = new ConflictMonitor(monitorCardOf(logic, limits));
  const trace: Trace = { states: [], modes: [], actions: [], violations: [] };
  let shown: { index: number } | { state: string } = { index: startIndex };
  let sinceS = 0;
  let frozen = false;
  for (let t = 0; t < untilS; t++) {
    const state = 'index' in shown ? logic.phases[shown.index]!.state : shown.state;
    trace.states.push(state);
    trace.violations.push(...monitor.observe(t, state));
    const arriving = script[t];
    if (arriving) {
      const was = sut.engaged;
      sut.accept(arriving, 'index' in shown ? shown.index : -1, sinceS);
      if (!was && sut.engaged) frozen = true;
    }
    trace.modes.push(sut.mode);
    const action = sut.step(t, NOW + t * 1000);
    if (action) {
      trace.actions.push({ t, action });
      shown = action.kind === 'show-state' ? { state: action.state } : { index: action.index };
      frozen = action.kind !== 'release';
      sinceS = t + 1;
    } else if (!frozen && 'index' in shown && t - sinceS + 1 >= logic.phases[shown.index]!.durationS) {
      shown = { index: logic.phases[shown.index]!.next[0] ?? (shown.index + 1) % logic.phases.length };
      sinceS = t + 1;
    }
  }
  return trace;
}

/** Runs of equal states: [state, seconds]. */
function runsOf(states: string[]): [string, number][] {
  const out: [string, number][] = [];
  for (const s of states) {
    const last = out.at(-1);
    if (last && last[0] === s) last[1]++;
    else out.push([s, 1]);
  }
  return out;
}

describe(CommandRunner.name, () => {
  it('holds a phase: the running green serves its minimum, then its whole change interval, then the held green until expiry', () => {
    // Hold phase 3 two seconds into phase 1's green, for 60 s.
    const trace = simulate(THREE, 140, { 2: command('hold-phase', { phase: 3, expiresAt: NOW + 60_000 }) });
    expect(trace.violations).toEqual([]);
    expect(runsOf(trace.states).slice(0, 5)).toEqual([
      ['GGrrrr', MIN_GREEN_S], // the minimum green, counted from the green's start
      ['yyrrrr', 3],
      ['rrrrrr', 2],
      ['rrrrGG', 51], // held from t = 10 to the expiry step, t = 60
      ['rrrryy', 3],
    ]);
    // Phase 2 was skipped: its green never showed. Back to the program after the held phase's change interval.
    expect(trace.states.slice(0, 66)).not.toContain('rrGGrr');
    const release = trace.actions.find((a) => a.action.kind === 'release');
    expect(release).toEqual({ t: 65, action: { kind: 'release', index: 0 } });
    expect(trace.modes[2]).toBe('manual');
    expect(trace.modes[64]).toBe('manual');
    expect(trace.modes[66]).toBeUndefined();
  });

  it('never cuts a green below its minimum, even when the hold ends before', () => {
    // Hold phase 2 at t = 0 until t = 12: its green starts at t = 10 and still serves its minimum.
    const trace = simulate(THREE, 40, { 0: command('hold-phase', { expiresAt: NOW + 12_000 }) });
    expect(trace.violations).toEqual([]);
    expect(runsOf(trace.states).slice(0, 5)).toEqual([['GGrrrr', 5], ['yyrrrr', 3], ['rrrrrr', 2], ['rrGGrr', MIN_GREEN_S], ['rryyrr', 3]]);
  });

  it('returns to the program at the end of the change interval when the hold expired on the way', () => {
    const trace = simulate(THREE, 40, { 0: command('hold-phase', { phase: 3, expiresAt: NOW + 6_000 }) });
    expect(trace.violations).toEqual([]);
    // Phase 2 is the program's next green: it runs its own duration.
    expect(runsOf(trace.states).slice(0, 4)).toEqual([['GGrrrr', 5], ['yyrrrr', 3], ['rrrrrr', 2], ['rrGGrr', 20]]);
  });

  it('holds the green that is running without a change, and resume ends it through its change interval', () => {
    const trace = simulate(THREE, 120, { 10: command('hold-phase', { phase: 1 }), 80: command('resume') });
    expect(trace.violations).toEqual([]);
    expect(runsOf(trace.states).slice(0, 4)).toEqual([['GGrrrr', 81], ['yyrrrr', 3], ['rrrrrr', 2], ['rrGGrr', 20]]);
    expect(trace.actions.map((a) => a.action.kind)).toEqual(['show-phase', 'show-phase', 'release']);
  });

  it("takes over inside a skip's change interval (phase-skip.ts): runs it in full, then the held green, and returns past it", () => {
    // netgenerate's turn-bay program: phase 1's permitted left (link 2) stays green into its protected phase 2.
    const bays = logicOf(
      phase(33, 'GGgrrr'), phase(3, 'yygrrr'), phase(6, 'rrGrrr'), phase(3, 'rryrrr'),
      phase(33, 'rrrGGg'), phase(3, 'rrryyg'), phase(6, 'rrrrrG'), phase(2, 'rrrrry'), phase(1, 'rrrrrr'),
    );
    const { logic } = withSkipPhases(bays, signalProgramOf(bays), new Set([2, 4]));
    // In the skip from phase 3 past phase 4 (3 s yellow, 1 s all-red), phase 2 is held, then the hold expires.
    const held = simulate(logic, 60, { 0: command('hold-phase', { phase: 2, expiresAt: NOW + 30_000 }) }, 10);
    expect(held.violations).toEqual([]);
    expect(runsOf(held.states).slice(0, 5)).toEqual([['rrryyy', 3], ['rrrrrr', 1], ['rrGrrr', 27], ['rryrrr', 3], ['rrrGGg', 26]]);
    // A release inside the skip goes on to the green after the skipped phase, as SUMO's program would.
    const released = simulate(logic, 20, { 0: command('hold-phase', { phase: 2, expiresAt: NOW + 1_000 }) }, 9);
    expect(released.violations).toEqual([]);
    expect(runsOf(released.states).slice(0, 2)).toEqual([['yyyrrr', 3], ['rrrGGg', 17]]);
  });

  it('goes through the next green at its minimum when a change interval carries a green over', () => {
    // Hold phase 3 of CARRIED during phase 1: link 2 is green through phase 1's yellow, so phase 2 runs its minimum.
    const trace = simulate(CARRIED, 80, { 1: command('hold-phase', { phase: 3 }) });
    expect(trace.violations).toEqual([]);
    expect(runsOf(trace.states).slice(0, 5)).toEqual([['GGGrr', 5], ['yyGrr', 3], ['rrGrr', MIN_GREEN_S], ['rryrr', 3], ['rrrGG', 80 - 16]]);
  });

  it('flashes after the running clearance, then returns through red on every link', () => {
    // Flash during phase 1's yellow (t = 31): the yellow and all-red finish, then every link 'o'.
    const trace = simulate(THREE, 100, { 31: command('flash', { expiresAt: NOW + 60_000 }) });
    expect(trace.violations).toEqual([]);
    expect(runsOf(trace.states).slice(0, 6)).toEqual([
      ['GGrrrr', 30], ['yyrrrr', 3], ['rrrrrr', 2], ['oooooo', 61 - 35], ['rrrrrr', MIN_FLASH_CLEARANCE_S], ['GGrrrr', 30],
    ]);
    expect(trace.modes[36]).toBe('flash');
    expect(trace.modes[61]).toBe('manual'); // the red clearance
    expect(trace.actions.at(-1)).toEqual({ t: 62, action: { kind: 'release', index: 0 } });
  });

  it('flashes from a green only after its minimum and its change interval', () => {
    const trace = simulate(THREE, 30, { 1: command('flash') });
    expect(trace.violations).toEqual([]);
    expect(runsOf(trace.states).slice(0, 4)).toEqual([['GGrrrr', 5], ['yyrrrr', 3], ['rrrrrr', 2], ['oooooo', 20]]);
  });

  it('goes from flash to a hold through the red clearance, and from a hold to flash through the change interval', () => {
    const trace = simulate(THREE, 100, { 1: command('flash'), 20: command('hold-phase', { commandId: 'h' }), 50: command('flash', { commandId: 'f2' }) });
    expect(trace.violations).toEqual([]);
    expect(runsOf(trace.states).slice(0, 8)).toEqual([
      ['GGrrrr', 5], ['yyrrrr', 3], ['rrrrrr', 2], ['oooooo', 11], ['rrrrrr', 2], ['rrGGrr', 51 - 23], ['rryyrr', 3], ['rrrrrr', 2],
    ]);
    expect(trace.states.at(-1)).toBe('oooooo');
  });

  it('answers resume with nothing running by doing nothing', () => {
    const trace = simulate(THREE, 80, { 3: command('resume') });
    expect(trace.actions).toEqual([]);
    expect(runsOf(trace.states).slice(0, 3)).toEqual([['GGrrrr', 30], ['yyrrrr', 3], ['rrrrrr', 2]]);
  });

  it('takes over mid change interval without cutting it', () => {
    const trace = simulate(THREE, 80, { 31: command('hold-phase', { phase: 1 }) });
    expect(trace.violations).toEqual([]);
    // Back to phase 1 straight after its own change interval: its yellow and all-red ran in full.
    expect(runsOf(trace.states).slice(0, 4)).toEqual([['GGrrrr', 30], ['yyrrrr', 3], ['rrrrrr', 2], ['GGrrrr', 80 - 35]]);
  });

  it('reads its program: minimum greens from the junction limits, a red clearance of at least the all-red', () => {
    const sut = runnerProgramOf(THREE, junctionLimitsOf(signalProgramOf(THREE), MIN_GREEN_S));
    expect([...sut.minGreenS]).toEqual([[1, 5], [2, 5], [3, 5]]);
    expect(sut.clearanceS).toBe(MIN_FLASH_CLEARANCE_S);
  });
});
