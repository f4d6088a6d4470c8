/**
 * Phase skipping (contract v1.3 `actuation.skipWithoutCall`): a phase nobody waits for is not served, as a real
 * actuated controller omits a phase without a detector call instead of running its minimum green and change interval
 * for nobody. SUMO's own actuated controller serves every phase of its program each cycle.
 *
 * A skip cannot simply jump to the next green: links green in the phase before it may stay green into the skipped one
 * (a permitted left turn, `g`, that becomes protected, `G`, keeps green through the through movement's yellow), so
 * jumping would end them without a yellow. Each skippable phase Q gets its own change interval appended to the light's
 * program, run after the phase P before it instead of P's: every link green in P and not green in R (the phase after
 * Q) shows yellow for the longer of P's and Q's yellow, then red for the longer of their all-reds, then R's green
 * (SUMO's `next`). A link green in both P and R stays green: both states are conflict-free and it is in both.
 * The first phase of the program is never skipped (it marks the cycle boundary) and nor is a phase whose neighbours
 * are the same phase (two-phase programs: there, no call on the other phase means resting in green).
 */
import type { SignalPlan } from '@arterial/contracts/mqtt/v1';
import { isGreenLink, type SignalProgram, SKIP_PHASE_PREFIX } from './signal-program';
import type { TlsLogic, TlsPhase } from './traci/traffic-light-logic';

/** The way round one skippable phase: from P's green, through the appended change interval starting at `index`, to R. */
export interface SkipRoute {
  readonly from: number;
  readonly skipped: number;
  readonly to: number;
  /** SUMO phase index of the skip's yellow. */
  readonly index: number;
}

/** The program with a change interval appended for each skippable phase that can be skipped, and the routes. */
export function withSkipPhases(logic: TlsLogic, program: SignalProgram, skippable: ReadonlySet<number>): { logic: TlsLogic; skips: SkipRoute[] } {
  const phases: TlsPhase[] = logic.phases.map((p) => ({ ...p, next: [...p.next] }));
  const skips: SkipRoute[] = [];
  const n = program.phases.length;
  program.phases.forEach((q, k) => {
    if (k === 0 || !skippable.has(q.id)) return;
    const p = program.phases[k - 1]!;
    const r = program.phases[(k + 1) % n]!;
    if (r.id === p.id) return;
    const from = logic.phases[p.greenIndex]!.state;
    const to = logic.phases[r.greenIndex]!.state;
    const yellow = [...from].map((c, i) => (isGreenLink(c) ? (isGreenLink(to[i]) ? c : 'y') : 'r')).join('');
    if (!yellow.includes('y')) return;
    const yellowS = Math.max(p.yellowS, q.yellowS);
    const allRedS = Math.max(p.allRedS, q.allRedS);
    if (yellowS <= 0) return;
    const index = phases.length;
    const name = `${SKIP_PHASE_PREFIX}${q.id}`;
    const allRed = yellow.replace(/y/g, 'r');
    phases.push({ durationS: yellowS, state: yellow, minDurS: yellowS, maxDurS: yellowS, next: allRedS > 0 ? [index + 1] : [r.greenIndex], name });
    if (allRedS > 0) phases.push({ durationS: allRedS, state: allRed, minDurS: allRedS, maxDurS: allRedS, next: [r.greenIndex], name });
    skips.push({ from: p.id, skipped: q.id, to: r.id, index });
  });
  if (skips.length === 0) return { logic, skips };
  // The cycle's last phase must return to the first rather than run on into the appended ones.
  const lastOfCycle = phases[logic.phases.length - 1]!;
  if (lastOfCycle.next.length === 0) lastOfCycle.next = [0];
  return { logic: { ...logic, phases, subParameters: { ...logic.subParameters } }, skips };
}

/**
 * How long a vehicle seen on a phase's call loops keeps its call, s: a vehicle between a queue loop and the stop bar
 * (on neither loop) reaches the stop-bar loop within it, or stops behind one standing there.
 */
export const CALL_MEMORY_S = 3;

/** Whether the plan lets phase `phaseId` be skipped without a call. */
export function skipsWithoutCall(plan: SignalPlan, phaseId: number): boolean {
  const actuation = plan.splits.find((s) => s.phase === phaseId)?.actuation;
  return actuation !== undefined && plan.coordinatedPhase !== phaseId && actuation.skipWithoutCall === true;
}

/** The phases the plan lets be skipped. */
export function skippablePhases(plan: SignalPlan): Set<number> {
  return new Set(plan.splits.filter((s) => skipsWithoutCall(plan, s.phase)).map((s) => s.phase));
}

/**
 * Per phase, the loops no other phase reads: a vehicle on one waits for that phase alone. A phase without such a
 * loop has none (its demand cannot be told apart, so it is never skipped).
 */
export function exclusiveLoopsOf(phaseLoops: ReadonlyMap<number, readonly number[]>): Map<number, number[]> {
  const owners = new Map<number, number>();
  for (const loops of phaseLoops.values()) for (const l of new Set(loops)) owners.set(l, (owners.get(l) ?? 0) + 1);
  return new Map([...phaseLoops].map(([phase, loops]) => [phase, [...new Set(loops)].filter((l) => owners.get(l) === 1)]));
}
