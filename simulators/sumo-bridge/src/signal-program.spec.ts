import { logicWithSplits, signalProgramOf, snapshotOf } from './signal-program';
import type { TlsLogic } from './traci/traffic-light-logic';

const phase = (durationS: number, state: string) => ({ durationS, state, minDurS: durationS, maxDurS: durationS, next: [], name: '' });
const logic: TlsLogic = {
  programId: '0', type: 0, currentPhaseIndex: 0, subParameters: {},
  phases: [phase(42, 'GGrr'), phase(3, 'yyrr'), phase(42, 'rrGG'), phase(2, 'rryy'), phase(1, 'rrrr')],
};

describe(signalProgramOf.name, () => {
  const sut = signalProgramOf(logic);

  it('turns each green-bearing SUMO phase into a contract phase with its change interval', () => {
    expect(sut.phases).toEqual([
      { id: 1, greenIndex: 0, changeIndices: [1], greenS: 42, yellowS: 3, allRedS: 0 },
      { id: 2, greenIndex: 2, changeIndices: [3, 4], greenS: 42, yellowS: 2, allRedS: 1 },
    ]);
    expect(sut.cycleS).toBe(90);
  });

  it('derives green/yellow/red and time to change', () => {
    expect(snapshotOf(logic, sut, 0, 10, 42)).toEqual({
      cycleS: 90, cycleSecond: 10,
      phases: [{ id: 1, state: 'green', remainingS: 32 }, { id: 2, state: 'red', remainingS: 35 }],
    });
    expect(snapshotOf(logic, sut, 1, 43, 45).phases).toEqual([{ id: 1, state: 'yellow', remainingS: 2 }, { id: 2, state: 'red', remainingS: 2 }]);
    expect(snapshotOf(logic, sut, 4, 89.5, 90)).toEqual({
      cycleS: 90, cycleSecond: 89.5,
      phases: [{ id: 1, state: 'red', remainingS: 0.5 }, { id: 2, state: 'red', remainingS: 0.5 }],
    });
  });

  it('rewrites only the green durations', () => {
    const out = logicWithSplits(logic, sut, [{ phase: 1, greenS: 50 }, { phase: 2, greenS: 34 }], 'arterial');
    expect(out.programId).toBe('arterial');
    expect(out.phases.map((p) => p.durationS)).toEqual([50, 3, 34, 2, 1]);
    expect(logic.phases[0]?.durationS).toBe(42);
  });
});
