/** Walks what a schedule shows, change by change, and checks the rules every signal sequence must keep. */
import type { IntersectionProperties } from '@arterial/contracts/network';
import { effectiveMinGreenS } from '@arterial/contracts/network';
import type { PlanSchedule } from '../plan-schedule';

interface Step {
  tMs: number;
  /** The phase showing green or yellow; undefined during all-red. */
  phase: number | undefined;
  state: 'green' | 'yellow' | 'all-red';
}

/** Every change of indication in [fromMs, toMs), failing fast if two phases ever show green or yellow together. */
export function walk(schedule: PlanSchedule, fromMs: number, toMs: number): Step[] {
  const steps: Step[] = [];
  for (let t = fromMs; t < toMs; t = schedule.nextChangeAfterMs(t)) {
    const lit = schedule.at(t).timer.phaseStatesAt(t).filter((p) => p.state !== 'red');
    if (lit.length > 1) throw new Error(`phases ${lit.map((p) => p.id).join(' and ')} are not red together at ${t}`);
    const one = lit[0];
    const step: Step = one ? { tMs: t, phase: one.id, state: one.state as 'green' | 'yellow' } : { tMs: t, phase: undefined, state: 'all-red' };
    const last = steps[steps.length - 1];
    if (!last || last.phase !== step.phase || last.state !== step.state) steps.push(step);
  }
  return steps;
}

/** Problems in a walk: greens outside their limits, a clearance cut or skipped, phases out of sequence. Whole intervals only. */
export function sequenceProblems(junction: IntersectionProperties, steps: Step[]): string[] {
  const problems: string[] = [];
  const phase = (id: number) => junction.phases.find((p) => p.id === id)!;
  const nextInSequence = (id: number) => junction.sequence[(junction.sequence.indexOf(id) + 1) % junction.sequence.length];
  const ms = (s: number) => Math.round(s * 1000);
  // The first and last steps may be cut by the window; judge the ones in between.
  for (let i = 1; i < steps.length - 1; i++) {
    const step = steps[i]!;
    const next = steps[i + 1]!;
    const lengthMs = next.tMs - step.tMs;
    const at = new Date(step.tMs).toISOString();
    if (step.state === 'green') {
      const p = phase(step.phase!);
      if (lengthMs < ms(effectiveMinGreenS(p))) problems.push(`${at} phase ${p.id} green ${lengthMs} ms below its minimum`);
      if (lengthMs > ms(p.maxGreenS)) problems.push(`${at} phase ${p.id} green ${lengthMs} ms above its maximum`);
      if (next.state !== 'yellow' || next.phase !== p.id) problems.push(`${at} phase ${p.id} green not followed by its yellow`);
    } else if (step.state === 'yellow') {
      const p = phase(step.phase!);
      if (lengthMs !== ms(p.yellowS)) problems.push(`${at} phase ${p.id} yellow ${lengthMs} ms instead of ${ms(p.yellowS)}`);
      if (next.state !== 'all-red') problems.push(`${at} phase ${p.id} yellow not followed by all-red`);
      else {
        const allRedMs = (steps[i + 2]?.tMs ?? Number.NaN) - next.tMs;
        if (i + 2 < steps.length && allRedMs !== ms(p.allRedS)) problems.push(`${at} phase ${p.id} all-red ${allRedMs} ms instead of ${ms(p.allRedS)}`);
        const following = steps[i + 2];
        if (following && following.phase !== nextInSequence(p.id)) problems.push(`${at} phase ${following.phase} follows ${p.id} out of sequence`);
      }
    }
  }
  return problems;
}
