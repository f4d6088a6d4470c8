import type { PhaseDefinition } from './network.schema';
import type { JunctionLimits } from './plan-safety';
import { broadcastFaults, earliestGreenEndMs, isSyncPoint, sequenceFaults, type SignalInterval } from './signal-sequence-rules';

const phase = (id: number, extra: Partial<PhaseDefinition> = {}): PhaseDefinition => ({ id, name: `p${id}`, movements: [], minGreenS: 5, maxGreenS: 40, yellowS: 3, allRedS: 1, ...extra });
const junction: JunctionLimits = { phases: [phase(1, { pedestrian: { walkS: 7, clearanceS: 10 } }), phase(2)], sequence: [1, 2] };

/** Green g, yellow 3 s, all-red 1 s per phase, in sequence from t = 0. */
function cycle(greensS: number[], startMs = 0): SignalInterval[] {
  const out: SignalInterval[] = [];
  let t = startMs;
  greensS.forEach((g, i) => {
    const id = junction.sequence[i % 2]!;
    for (const [state, ms] of [['green', g * 1000], ['yellow', 3000], ['red', 1000]] as const) {
      out.push({ phase: id, state, startMs: t, endMs: t + ms });
      t += ms;
    }
  });
  return out;
}

describe('signal sequence rules', () => {
  it('lets a green end only after its effective minimum and its announced end', () => {
    expect(earliestGreenEndMs(junction.phases[0]!, 1000)).toBe(18_000);
    expect(earliestGreenEndMs(junction.phases[1]!, 1000)).toBe(6000);
    expect(earliestGreenEndMs(junction.phases[1]!, 1000, 9000)).toBe(9000);
    expect(isSyncPoint(0)).toBe(true);
    expect(isSyncPoint(1)).toBe(false);
  });

  it('accepts whole intervals in sequence', () => {
    expect(sequenceFaults(junction, cycle([20, 10, 17, 5, 30]))).toEqual([]);
  });

  it('finds a green below the pedestrian minimum, a cut yellow, a cut all-red and a skipped phase', () => {
    expect(sequenceFaults(junction, cycle([20, 10, 16, 5])).map((f) => f.rule)).toEqual(['green-below-minimum']);
    const cut = cycle([20, 10, 20]);
    cut[4] = { ...cut[4]!, endMs: cut[4]!.endMs - 500 };
    cut[5] = { ...cut[5]!, startMs: cut[5]!.startMs - 500 };
    expect(sequenceFaults(junction, cut).map((f) => f.rule)).toEqual(['yellow-cut', 'all-red-cut']);
    const skipped = cycle([20, 10, 20]).filter((i) => !(i.phase === 2));
    expect(sequenceFaults(junction, skipped).map((f) => f.rule)).toContain('out-of-sequence');
    // v1.3: a phase the plan lets be skipped may be passed over, the first phase of the sequence never.
    expect(sequenceFaults(junction, skipped, new Set([2]))).toEqual([]);
    const firstSkipped = cycle([20, 10, 20, 10]).filter((i) => i.phase !== 1 || i.startMs < 20_000);
    expect(sequenceFaults(junction, firstSkipped, new Set([1, 2])).map((f) => f.rule)).toContain('out-of-sequence');
  });

  it('needs a full clearance before flash and a start-up all-red after it', () => {
    const fromGreen: SignalInterval[] = [...cycle([20]).slice(0, 1), { phase: undefined, state: 'flash', startMs: 20_000, endMs: 60_000 }];
    expect(sequenceFaults(junction, fromGreen).map((f) => f.rule)).toEqual(['green-not-followed-by-yellow', 'clearance-skipped']);
    const clean: SignalInterval[] = [
      ...cycle([20]),
      { phase: undefined, state: 'flash', startMs: 24_000, endMs: 60_000 },
      { phase: undefined, state: 'red', startMs: 60_000, endMs: 62_000 },
      { phase: 2, state: 'green', startMs: 62_000, endMs: 70_000 },
    ];
    expect(sequenceFaults(junction, clean)).toEqual([]);
  });

  it('finds an announced time-to-change that the timeline broke, and only that one', () => {
    const timeline = cycle([20, 10]);
    const kept = [
      { atMs: 5000, phase: 1, state: 'green' as const, remainingS: 15 },
      { atMs: 5000, phase: 2, state: 'red' as const, remainingS: 19 },
    ];
    expect(broadcastFaults(timeline, kept)).toEqual([]);
    const broken = broadcastFaults(timeline, [{ atMs: 5000, phase: 2, state: 'red', remainingS: 25 }]);
    expect(broken).toEqual([expect.objectContaining({ rule: 'broadcast-shortened', phase: 2, atMs: 5000 })]);
  });
});
