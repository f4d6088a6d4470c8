import { intersectionsOf, validatePayload } from '@arterial/contracts';
import { demoNetwork } from '../network/demo-network';
import { VirtualController } from './virtual-controller';

describe(VirtualController.name, () => {
  const junction = intersectionsOf(demoNetwork())[0]!.properties;
  const T = Date.UTC(2025, 2, 3, 0, 0, 0);

  it('reports every phase of the running fallback plan in a valid state payload', () => {
    const sut = new VirtualController(junction);
    const state = sut.stateAt(T);
    expect(validatePayload('state', state, { nowMs: T }).ok).toBe(true);
    expect(state).toMatchObject({ seq: 0, mode: 'fixed', planId: junction.fallbackPlan.planId, cycleS: junction.fallbackPlan.cycleS });
    expect(state.phases.map((p) => p.id).sort()).toEqual(junction.phases.map((p) => p.id).sort());
    expect(sut.stateAt(T + 1000).seq).toBe(1);
  });

  it('reports status with its faults, and notices when they change', () => {
    const sut = new VirtualController(junction);
    expect(sut.statusAt(T, true)).toEqual({ online: true, firmware: expect.any(String), faults: [], ts: T });
    expect(sut.setFaults(['DET_DEGRADED:XA-A1-N-S'])).toBe(true);
    expect(sut.setFaults(['DET_DEGRADED:XA-A1-N-S'])).toBe(false);
    const offline = sut.statusAt(T, false);
    expect(offline.faults).toEqual(['DET_DEGRADED:XA-A1-N-S']);
    expect(validatePayload('status', offline, { nowMs: T }).ok).toBe(true);
  });
});
