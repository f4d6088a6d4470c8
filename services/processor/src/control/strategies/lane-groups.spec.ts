import type { PhaseDefinition, Turn } from '@arterial/contracts/network';
import { SATURATION_FLOW_VPHPL, TURN_SHARES, movementShare, phaseLoad, sharedLaneFactor } from './lane-groups';
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

describe('lane groups from measured lane use', () => {
  const through: PhaseDefinition = { ...phase, id: 2, movements: [{ approachId: 'E', turn: 'through' }, { approachId: 'E', turn: 'right' }] };
  const left: PhaseDefinition = { ...phase, id: 3, movements: [{ approachId: 'E', turn: 'left', protected: true }] };
  const withLanes = (laneTurns: Turn[][], laneFlowsVph: number[]): JunctionDemand => {
    const approach: ApproachDemand = { approachId: 'E', lanes: laneTurns.length, flowVph: laneFlowsVph.reduce((s, f) => s + f, 0), trusted: true, queuePerLaneVeh: 0, laneFlowsVph, laneTurns };
    return { ...demandWith(laneTurns.length, 0), approaches: new Map([['E', approach]]) };
  };
  const bay = withLanes([['right', 'through'], ['through'], ['left']], [300, 400, 250]);

  it('takes a turn bay’s own count as the turn’s flow', () => {
    const load = phaseLoad(left, bay);
    expect(load.flowVph).toBe(250);
    expect(load.saturationFlowVph).toBeCloseTo(SATURATION_FLOW_VPHPL * 0.95, 9);
  });

  it('makes the lane with the highest flow ratio critical, a shared lane at its shared-lane saturation flow', () => {
    const load = phaseLoad(through, bay);
    // Lane 1 (right + through, shared): 300 / (1800 × 0.970) = 0.172 < lane 2 (through only): 400 / 1800 = 0.222.
    expect(load.flowVph).toBe(400);
    expect(load.saturationFlowVph).toBe(SATURATION_FLOW_VPHPL);
    const heavyKerb = phaseLoad(through, withLanes([['right', 'through'], ['through'], ['left']], [450, 400, 250]));
    expect(heavyKerb.flowVph).toBe(450);
    expect(heavyKerb.saturationFlowVph).toBeCloseTo(SATURATION_FLOW_VPHPL * sharedLaneFactor(through.movements), 9);
  });

  it('measures a turn’s share of the approach from the lanes', () => {
    expect(movementShare({ turn: 'left' }, bay.approaches.get('E')!)).toBeCloseTo(250 / 950, 9);
    // Lane 1 splits 300 between right and through by the default shares.
    expect(movementShare({ turn: 'right' }, bay.approaches.get('E')!)).toBeCloseTo((300 * (0.15 / 0.85)) / 950, 9);
  });

  it('keeps the default shares where every lane is shared (counts cannot tell the turns apart)', () => {
    const shared = withLanes([['right', 'through'], ['through', 'left']], [300, 300]);
    expect(phaseLoad(through, shared)).toEqual(phaseLoad(through, demandWith(2, 600)));
    expect(movementShare({ turn: 'left' }, shared.approaches.get('E')!)).toBe(TURN_SHARES.left);
  });
});
