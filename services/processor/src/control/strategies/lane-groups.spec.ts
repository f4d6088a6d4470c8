import type { PhaseDefinition } from '@arterial/contracts/network';
import { SATURATION_FLOW_VPHPL, TURN_SHARES, phaseLoad, sharedLaneFactor } from './lane-groups';
import type { ApproachDemand, JunctionDemand } from './strategy.types';

const phase: PhaseDefinition = {
  id: 2,
  name: 'East–west',
  movements: [
    { approachId: 'E', turn: 'left' },
    { approachId: 'E', turn: 'through' },
    { approachId: 'E', turn: 'right' },
  ],
  minGreenS: 5,
  maxGreenS: 60,
  yellowS: 3,
  allRedS: 0,
};

function demandWith(lanes: number, flowVph: number): JunctionDemand {
  const approach: ApproachDemand = { approachId: 'E', lanes, flowVph, trusted: true, queuePerLaneVeh: 0 };
  return { intersectionId: 'J', tsMs: 0, approaches: new Map([['E', approach]]), downstreamPerLaneVeh: new Map(), exitLinks: new Map(), detectorsUsed: 1, detectorsFaulty: 0 };
}

describe('lane groups', () => {
  it('takes the whole flow of a one-lane approach at the shared-lane saturation flow', () => {
    const load = phaseLoad(phase, demandWith(1, 600));
    const factor = 1 / (TURN_SHARES.left / 0.8 + TURN_SHARES.through + TURN_SHARES.right / 0.85);
    expect(sharedLaneFactor(phase.movements)).toBeCloseTo(factor, 9);
    expect(load.flowVph).toBe(600);
    expect(load.saturationFlowVph).toBeCloseTo(SATURATION_FLOW_VPHPL * factor, 6);
    expect(load.flowRatio).toBeCloseTo(600 / (SATURATION_FLOW_VPHPL * factor), 9);
  });

  it('keeps the through lanes as the critical group of a multi-lane approach', () => {
    const load = phaseLoad(phase, demandWith(3, 600));
    expect(load.flowVph).toBeCloseTo((600 * TURN_SHARES.through) / 2, 9);
    expect(load.saturationFlowVph).toBe(SATURATION_FLOW_VPHPL);
  });
});
