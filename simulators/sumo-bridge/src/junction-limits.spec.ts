import { planViolations, timingViolations } from '@arterial/contracts/network';
import { junctionLimitsOf } from './junction-limits';
import { signalProgramOf } from './signal-program';
import type { TlsLogic } from './traci/traffic-light-logic';

const phase = (durationS: number, state: string) => ({ durationS, state, minDurS: durationS, maxDurS: durationS, next: [], name: '' });
const logic: TlsLogic = {
  programId: '0', type: 0, currentPhaseIndex: 0, subParameters: {},
  phases: [phase(42, 'GGrr'), phase(3, 'yyrr'), phase(4, 'rrGG'), phase(2, 'rryy'), phase(1, 'rrrr')],
};

describe(junctionLimitsOf.name, () => {
  const sut = junctionLimitsOf(signalProgramOf(logic), 5);

  it('maps each contract phase to the limits the converter writes into the network model', () => {
    expect(sut).toEqual({
      phases: [
        { id: 1, name: 'Phase 1', movements: [], minGreenS: 5, maxGreenS: 84, yellowS: 3, allRedS: 0 },
        // SUMO's own green is shorter than the bridge's minimum: its own program must stay acceptable.
        { id: 2, name: 'Phase 2', movements: [], minGreenS: 4, maxGreenS: 60, yellowS: 2, allRedS: 1 },
      ],
      sequence: [1, 2],
    });
  });

  it('lets the contracts\' rules accept SUMO\'s own program and demand an exact cycle', () => {
    expect(timingViolations(sut, { cycleS: 52, offsetS: 0, splits: [{ phase: 1, greenS: 42 }, { phase: 2, greenS: 4 }] })).toEqual([]);
    const now = Date.UTC(2026, 0, 15);
    const plan = { planId: 'p', issuedAt: now, expiresAt: now + 60_000, cycleS: 90, offsetS: 0, reason: 'test' };
    expect(planViolations(sut, { ...plan, splits: [{ phase: 1, greenS: 50 }, { phase: 2, greenS: 34 }] }, now)).toEqual([]);
    expect(planViolations(sut, { ...plan, splits: [{ phase: 1, greenS: 50 }, { phase: 2, greenS: 35 }] }, now)).toEqual([{ rule: 'cycle-mismatch', totalS: 91, cycleS: 90 }]);
  });
});
