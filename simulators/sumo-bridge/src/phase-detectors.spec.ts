import { edgeOfLane, phaseDetectorsOf } from './phase-detectors';
import type { TlsLogic, TlsPhase } from './traci/traffic-light-logic';

const phase = (durationS: number, state: string): TlsPhase => ({ durationS, state, minDurS: durationS, maxDurS: durationS, next: [], name: '' });
const logic = (...states: string[]): TlsLogic => ({ programId: '0', type: 0, currentPhaseIndex: 0, subParameters: {}, phases: states.flatMap((s) => [phase(30, s), phase(3, s.replace(/[Gg]/g, 'y'))]) });

describe(phaseDetectorsOf.name, () => {
  it('keeps a turn bay out of the phase that only permits its turn when another phase protects it', () => {
    // W: lane 0 through+right, lane 1 left bay; N: the same. Phase 1: W through and permitted left; phase 2: W left
    // protected; phase 3: N through and permitted left; phase 4: N left protected.
    const lanes = ['W_0', 'W_0', 'W_1', 'N_0', 'N_0', 'N_1'];
    const detectors = new Map([['W_0', [0]], ['W_1', [1]], ['N_0', [2]], ['N_1', [3]]]);
    const sut = phaseDetectorsOf(logic('GGgrrr', 'rrGrrr', 'rrrGGg', 'rrrrrG'), lanes, detectors);
    expect(sut).toEqual(new Map([[1, [0]], [2, [1]], [3, [2]], [4, [3]]]));
  });

  it('lets a permitted turn that is never protected extend with the through traffic sharing its lane', () => {
    // W lane 0: through (G) and left (g, never G): the lane's loop extends phase 1.
    const sut = phaseDetectorsOf(logic('GgrG', 'rrGr'), ['W_0', 'W_0', 'N_0', 'N_1'], new Map([['W_0', [0]], ['N_0', [1]], ['N_1', [2]]]));
    expect(sut.get(1)).toEqual([0, 2]);
    expect(sut.get(2)).toEqual([1]);
  });

  it('lets every lane of a one-lane edge extend its minor greens (there is no other loop to extend them)', () => {
    // W has one lane with through G in phase 1 and a left g there that phase 2 protects.
    const sut = phaseDetectorsOf(logic('Gg', 'rG'), ['W_0', 'W_0'], new Map([['W_0', [0]]]));
    expect(sut.get(1)).toEqual([0]);
  });

  it('keeps every green lane’s loops for a phase the rule would leave without any', () => {
    // Phase 1 shows only a minor green on a two-lane edge whose link phase 2 protects.
    const sut = phaseDetectorsOf(logic('gr', 'GG'), ['W_0', 'W_1'], new Map([['W_0', [0]], ['W_1', [1]]]));
    expect(sut.get(1)).toEqual([0]);
    expect(sut.get(2)).toEqual([0, 1]);
  });

  it('reads the edge of a lane id', () => {
    expect(edgeOfLane('A0B0.140.00_2')).toBe('A0B0.140.00');
    expect(edgeOfLane('plain')).toBe('plain');
  });
});
