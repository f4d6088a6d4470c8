import { intersectionsOf, type IntersectionProperties } from '@arterial/contracts/network';
import { demoNetwork } from '../network/demo-network';
import { planProblems, SignalTimer } from './signal-timer';

const STEP_MS = 250;
const T0 = Date.UTC(2025, 2, 3, 8, 0, 0);

function timerFor(p: IntersectionProperties): SignalTimer {
  return new SignalTimer(p.phases, p.sequence, p.fallbackPlan);
}

/** Samples every phase's indication over two cycles. */
function timeline(p: IntersectionProperties): { tMs: number; states: Map<number, string> }[] {
  const sut = timerFor(p);
  const samples: { tMs: number; states: Map<number, string> }[] = [];
  for (let t = T0; t < T0 + 2 * p.fallbackPlan.cycleS * 1000; t += STEP_MS) {
    samples.push({ tMs: t, states: new Map(sut.phaseStatesAt(t).map((s) => [s.id, s.state])) });
  }
  return samples;
}

describe(SignalTimer.name, () => {
  const junctions = intersectionsOf(demoNetwork()).map((f) => f.properties);

  it.each(junctions.map((j) => [j.id, j] as const))('never shows green to two conflicting phases at %s', (_id, junction) => {
    for (const { tMs, states } of timeline(junction)) {
      for (const [a, b] of junction.conflicts) {
        if (states.get(a) === 'green' && states.get(b) === 'green') throw new Error(`phases ${a} and ${b} both green at ${tMs}`);
      }
    }
  });

  it.each(junctions.map((j) => [j.id, j] as const))('runs each green for at least its minimum, then yellow, then all-red at %s', (_id, junction) => {
    const samples = timeline(junction);
    for (const phase of junction.phases) {
      const states = samples.map((s) => s.states.get(phase.id));
      // Start counting at the first green onset so a green cut by the sampling window is not judged.
      let i = states.findIndex((s, k) => s === 'green' && k > 0 && states[k - 1] !== 'green');
      expect(i).toBeGreaterThan(0);
      let greenSamples = 0;
      while (states[i] === 'green') {
        greenSamples++;
        i++;
      }
      expect(greenSamples * STEP_MS).toBeGreaterThanOrEqual(phase.minGreenS * 1000);
      let yellowSamples = 0;
      while (states[i] === 'yellow') {
        yellowSamples++;
        i++;
      }
      expect(yellowSamples * STEP_MS).toBe(phase.yellowS * 1000);
      // All-red: every phase red for the clearance interval.
      let allRedSamples = 0;
      while (samples[i] && [...samples[i]!.states.values()].every((s) => s === 'red')) {
        allRedSamples++;
        i++;
      }
      expect(allRedSamples * STEP_MS).toBe(phase.allRedS * 1000);
    }
  });

  it('follows the sequence and cycle of the plan', () => {
    const junction = junctions[0]!;
    const sut = timerFor(junction);
    const start = sut.cycleStartMs(T0) + sut.plan.cycleS * 1000;
    const onsets: number[] = [];
    let previous = new Set<number>();
    for (let t = start; t < start + sut.plan.cycleS * 1000; t += STEP_MS) {
      const green = new Set(sut.phaseStatesAt(t).filter((s) => s.state === 'green').map((s) => s.id));
      for (const id of green) if (!previous.has(id)) onsets.push(id);
      previous = green;
    }
    expect(onsets).toEqual(junction.sequence);
    expect(sut.cycleSecondAt(start)).toBe(0);
    expect(sut.cycleSecondAt(start + 1500)).toBe(1.5);
  });

  it('counts remaining seconds down to the next change', () => {
    const junction = junctions[0]!;
    const sut = timerFor(junction);
    const t = sut.cycleStartMs(T0) + 5000;
    const next = sut.nextChangeAfterMs(t);
    for (const status of sut.phaseStatesAt(t)) {
      if (status.state !== 'red') expect(t + status.remainingS * 1000).toBe(next);
      else expect(status.remainingS).toBeGreaterThan(0);
    }
    expect(sut.phaseStatesAt(next).find((s) => s.id === junction.sequence[0])?.state).toBe('yellow');
  });

  it('applies the offset to the cycle position', () => {
    const junction = junctions[0]!;
    const plain = new SignalTimer(junction.phases, junction.sequence, { ...junction.fallbackPlan, offsetS: 0 });
    const shifted = new SignalTimer(junction.phases, junction.sequence, { ...junction.fallbackPlan, offsetS: 30 });
    expect(shifted.cycleSecondAt(T0 + 30_000)).toBe(plain.cycleSecondAt(T0));
  });

  it('rejects plans that break minimum greens or do not add up to the cycle', () => {
    const junction = junctions[0]!;
    const plan = junction.fallbackPlan;
    expect(planProblems(junction.phases, junction.sequence, plan)).toEqual([]);
    const short = { ...plan, splits: plan.splits.map((s, i) => (i === 0 ? { ...s, greenS: 1 } : s)) };
    expect(planProblems(junction.phases, junction.sequence, short).join()).toMatch(/green-below-minimum/);
    expect(planProblems(junction.phases, junction.sequence, { ...plan, cycleS: plan.cycleS + 10 }).join()).toMatch(/cycle/);
    expect(planProblems(junction.phases, junction.sequence, { ...plan, splits: plan.splits.slice(1) }).join()).toMatch(/no split/);
    expect(() => new SignalTimer(junction.phases, junction.sequence, short)).toThrow(/cannot run/);
  });
});
