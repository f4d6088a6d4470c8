import { timingViolations } from '@arterial/contracts/network';
import type { CoordinationGroup } from './coordination-groups';
import { greenStartS } from './green-allocation';
import { circularOverlapS, greenWave, planGreenWaveGroup, type GroupMember } from './green-wave.strategy';
import { contextOf, demandOf, twoPhaseJunction, type Leg } from './strategy-fixtures.spec-helper';

/** A → B → C eastwards: link AB arrives at B from the west, BA arrives at A from the east, and so on. */
const IDS = ['A', 'B', 'C'] as const;
const group: CoordinationGroup = { id: 'east-road', junctionIds: IDS, links: [{ forward: 'AB', backward: 'BA' }, { forward: 'BC', backward: 'CB' }] };
const TRAVEL_S: Record<string, number> = { AB: 30, BA: 30, BC: 45, CB: 45 };

function members(): Map<string, GroupMember> {
  return new Map(
    IDS.map((id, i) => {
      const linkOf = (leg: Leg): string => (leg === 'W' && i > 0 ? `${IDS[i - 1]}${id}` : leg === 'E' && i < 2 ? `${IDS[i + 1]}${id}` : `${id}-${leg}-in`);
      const junction = twoPhaseJunction(id, { cycleS: 90, linkOf });
      const demand = demandOf(junction, { E: 500, W: 500, N: 200, S: 200 });
      return [id, { junction, demand, context: contextOf(junction, undefined, { cycleBounds: { minS: 90, maxS: 150 } }) }];
    }),
  );
}

describe('green wave', () => {
  it('measures overlap on the cycle circle', () => {
    expect(circularOverlapS(80, 20, 0, 10, 90)).toBe(10);
    expect(circularOverlapS(0, 30, 20, 30, 90)).toBe(10);
    expect(circularOverlapS(10, 10, 50, 10, 90)).toBe(0);
  });

  it('sets one-way offsets from link travel times when only the forward direction carries traffic', () => {
    const m = members();
    const coordination = planGreenWaveGroup({ group, members: m, travelTimeS: (l) => TRAVEL_S[l]!, inflowVph: (l) => (l === 'AB' || l === 'BC' ? 800 : 0) });
    expect([...coordination.values()].map((c) => c.cycleS)).toEqual([90, 90, 90]);
    // Same splits at all three: green starts follow the platoon, 30 s then 45 s later.
    expect([...coordination.values()].map((c) => c.offsetS)).toEqual([0, 30, 75]);
    expect(coordination.get('C')!.extra).toMatchObject({ commonCycleS: 90, members: 3 });
  });

  it('follows the backward travel times when the backward direction is the heavy one, anchored at its first junction', () => {
    const m = members();
    const coordination = planGreenWaveGroup({ group, members: m, travelTimeS: (l) => TRAVEL_S[l]!, inflowVph: (l) => (l === 'CB' || l === 'BA' ? 800 : 0) });
    // C keeps its running offset 0; B's green starts 45 s after C's, A's 30 s after B's (mod 90).
    expect([...coordination.values()].map((c) => c.offsetS)).toEqual([75, 45, 0]);
  });

  it('serves both directions when both carry traffic, better than either one-way plan', () => {
    const m = members();
    const both = planGreenWaveGroup({ group, members: m, travelTimeS: (l) => TRAVEL_S[l]!, inflowVph: () => 500 });
    const extra = both.get('A')!.extra!;
    expect(extra['forwardBandS']! + extra['backwardBandS']!).toBeGreaterThan(0);
    const oneWay = planGreenWaveGroup({ group, members: m, travelTimeS: (l) => TRAVEL_S[l]!, inflowVph: (l) => (l === 'AB' || l === 'BC' ? 800 : 0) }).get('A')!.extra!;
    expect(extra['forwardBandS']! + extra['backwardBandS']!).toBeGreaterThanOrEqual(oneWay['forwardBandS']! + oneWay['backwardBandS']!);
  });

  it('runs the group coordination at each member with Webster splits, and explains it', () => {
    const m = members();
    const coordination = planGreenWaveGroup({ group, members: m, travelTimeS: (l) => TRAVEL_S[l]!, inflowVph: (l) => (l === 'AB' || l === 'BC' ? 800 : 0) });
    const b = m.get('B')!;
    const sut = greenWave(b.junction, b.demand, { ...b.context, coordination: coordination.get('B')! });
    expect(sut.timing).toMatchObject({ cycleS: 90, offsetS: 30 });
    expect(timingViolations(b.junction, sut.timing)).toEqual([]);
    expect(greenStartS(b.junction, sut.timing.splits, 2)).toBe(0);
    expect(sut.explanation).toMatchObject({ strategy: 'green-wave', inputs: { groupId: 'east-road' } });
    expect(sut.explanation.reason).toMatch(/offset 30 s from link travel times/);
  });
});
