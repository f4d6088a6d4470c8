import type { SignalPlan } from '@arterial/contracts/mqtt/v1';
import { exclusiveLoopsOf, skippablePhases, withSkipPhases } from './phase-skip';
import { signalProgramOf, snapshotOf } from './signal-program';
import type { TlsLogic } from './traci/traffic-light-logic';

const phase = (durationS: number, state: string) => ({ durationS, state, minDurS: durationS, maxDurS: durationS, next: [], name: '' });
/** netgenerate's four-phase program for two-lane approaches with a left-turn bay (links: N right, through, left; E …). */
const fourPhase: TlsLogic = {
  programId: 'arterial', type: 0, currentPhaseIndex: 0, subParameters: {},
  phases: [
    phase(33, 'GGgrrr'), phase(3, 'yygrrr'), // 1: through, left permitted (g), kept green into its protected phase
    phase(6, 'rrGrrr'), phase(3, 'rryrrr'), // 2: protected left
    phase(33, 'rrrGGg'), phase(3, 'rrryyg'), // 3
    phase(6, 'rrrrrG'), phase(2, 'rrrrry'), phase(1, 'rrrrrr'), // 4, with an all-red
  ],
};

describe(withSkipPhases.name, () => {
  const program = signalProgramOf(fourPhase);

  it('appends a change interval per skippable phase that clears the phase before it, left turns included, and leads to the phase after', () => {
    const { logic, skips } = withSkipPhases(fourPhase, program, new Set([2, 4]));
    expect(skips).toEqual([
      { from: 1, skipped: 2, to: 3, index: 9 },
      { from: 3, skipped: 4, to: 1, index: 10 },
    ]);
    expect(logic.phases.slice(9).map((p) => [p.state, p.durationS, p.next, p.name])).toEqual([
      // Phase 1's permitted left (g) gets its yellow too; the longer yellow and all-red of phases 1 and 2.
      ['yyyrrr', 3, [4], 'skip:2'],
      // Phase 3 to phase 1 past phase 4: phase 4's 2 s yellow is shorter than phase 3's, its 1 s all-red is kept.
      ['rrryyy', 3, [11], 'skip:4'],
      ['rrrrrr', 1, [0], 'skip:4'],
    ]);
    // The cycle's last phase returns to the first rather than running into the appended phases.
    expect(logic.phases[8]!.next).toEqual([0]);
    expect(fourPhase.phases[8]!.next).toEqual([]);
  });

  it('leaves the cycle as it was: same contract phases, cycle and owners, the skip phases owned by the phase before the skipped one', () => {
    const { logic } = withSkipPhases(fourPhase, program, new Set([2, 4]));
    const withSkips = signalProgramOf(logic);
    expect(withSkips.phases).toEqual(program.phases);
    expect(withSkips.cycleS).toBe(90);
    expect(withSkips.owner.slice(9)).toEqual([{ phaseId: 1, role: 'yellow' }, { phaseId: 3, role: 'yellow' }, { phaseId: 3, role: 'all-red' }]);
  });

  it('never skips the first phase, nor a phase between two greens of the same phase (two-phase programs)', () => {
    expect(withSkipPhases(fourPhase, program, new Set([1])).skips).toEqual([]);
    const twoPhase: TlsLogic = { ...fourPhase, phases: [phase(40, 'Gr'), phase(3, 'yr'), phase(40, 'rG'), phase(3, 'ry')] };
    const result = withSkipPhases(twoPhase, signalProgramOf(twoPhase), new Set([2]));
    expect(result.skips).toEqual([]);
    expect(result.logic).toBe(twoPhase);
  });

  it('reports, inside a skip, the yellow of the phase it clears and every red phase until the end of the clearance', () => {
    const { logic } = withSkipPhases(fourPhase, program, new Set([2, 4]));
    const withSkips = signalProgramOf(logic);
    // 1 s into the skip from phase 3 to phase 1: 2 s of yellow left, then 1 s all-red.
    expect(snapshotOf(logic, withSkips, 10, 100, 102)).toEqual({
      cycleS: 90,
      cycleSecond: 87,
      phases: [{ id: 1, state: 'red', remainingS: 3 }, { id: 2, state: 'red', remainingS: 3 }, { id: 3, state: 'yellow', remainingS: 2 }, { id: 4, state: 'red', remainingS: 3 }],
    });
  });
});

describe(snapshotOf.name, () => {
  const program = signalProgramOf(fourPhase);

  it('promises an actuated green only its earliest end, and the red phases the end of the clearance after it', () => {
    // Phase 1 green until 33 at most; actuated, it may end at 12.
    expect(snapshotOf(fourPhase, program, 0, 10, 33, 12).phases).toEqual([
      { id: 1, state: 'green', remainingS: 2 },
      { id: 2, state: 'red', remainingS: 5 },
      { id: 3, state: 'red', remainingS: 5 },
      { id: 4, state: 'red', remainingS: 5 },
    ]);
  });
});

describe(skippablePhases.name, () => {
  const actuation = { minGreenS: 5, maxGreenS: 60, passageS: 2 };
  const plan: SignalPlan = {
    planId: 'p', issuedAt: 0, expiresAt: 1, cycleS: 90, offsetS: 0, reason: 'spec',
    splits: [
      { phase: 1, greenS: 33, actuation },
      { phase: 2, greenS: 6, actuation: { ...actuation, skipWithoutCall: true } },
      { phase: 3, greenS: 33, actuation: { ...actuation, skipWithoutCall: false } },
      { phase: 4, greenS: 6 },
    ],
  };

  it('lists the actuated phases the plan lets be skipped, never its coordinated phase', () => {
    expect([...skippablePhases(plan)]).toEqual([2]);
    expect([...skippablePhases({ ...plan, coordinatedPhase: 2 })]).toEqual([]);
  });
});

describe(exclusiveLoopsOf.name, () => {
  it("keeps only the loops no other phase reads (a bay's loops, not those before the lane split)", () => {
    const loops = new Map([[1, [0, 1, 9]], [2, [2, 9]], [3, [9]]]);
    expect(exclusiveLoopsOf(loops)).toEqual(new Map([[1, [0, 1]], [2, [2]], [3, []]]));
  });
});
