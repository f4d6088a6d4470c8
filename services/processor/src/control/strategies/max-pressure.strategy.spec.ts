import { planChangeViolations, timingViolations } from '@arterial/contracts/network';
import { FREE_MAX_GREEN_FACTOR } from './actuation';
import { greenOf } from './green-allocation';
import { maxPressure, phasePressures } from './max-pressure.strategy';
import { contextOf, demandOf, twoPhaseJunction } from './strategy-fixtures.spec-helper';

describe('maxPressure', () => {
  it('gives the pressured phase more green, stepping the cycle toward Webster\'s, by bounded steps, run free actuated', () => {
    const junction = twoPhaseJunction('J', { cycleS: 80 });
    const demand = demandOf(junction, { E: 600, W: 600, N: 300, S: 300 }, { E: 12, W: 10, N: 3, S: 2 });
    const context = contextOf(junction, undefined, { changeLimits: { maxCycleStepS: 10, maxGreenStepS: 10 } });
    const sut = maxPressure(junction, demand, context);
    // y = 0.233 and 0.117, L = 10 s: Webster's C0 = 20 / 0.65 ≈ 31 s; one 10 s step from the running 80 s.
    expect(sut.timing.cycleS).toBe(70);
    // From 35/35: the cycle's 10 s come off the less pressured phase.
    expect(greenOf(sut.timing.splits, 2)).toBe(35);
    expect(greenOf(sut.timing.splits, 4)).toBe(25);
    expect(sut.timing.coordinatedPhase).toBeUndefined();
    expect(sut.timing.splits.map((s) => s.actuation?.maxGreenS)).toEqual([35, 25].map((g) => Math.min(60, Math.ceil(FREE_MAX_GREEN_FACTOR * g))));
    expect(timingViolations(junction, sut.timing)).toEqual([]);
    expect(planChangeViolations(context.running, sut.timing, junction)).toEqual([]);
    const [ew, ns] = sut.explanation.inputs.phases;
    expect(ew!.pressure!).toBeGreaterThan(ns!.pressure!);
  });

  it('subtracts downstream queues: a blocked exit takes the pressure away', () => {
    const junction = twoPhaseJunction('J');
    const free = demandOf(junction, { E: 600, W: 600, N: 600, S: 600 }, { E: 8, W: 8, N: 8, S: 8 });
    const exitLinks = new Map([
      ['J-E:through', 'out-W'],
      ['J-W:through', 'out-E'],
    ]);
    const blocked = { ...free, exitLinks, downstreamPerLaneVeh: new Map([['out-W', 40], ['out-E', 40]]) };
    const [ewFree, nsFree] = phasePressures(junction, free);
    const [ewBlocked, nsBlocked] = phasePressures(junction, blocked);
    expect(ewFree!.pressure).toBeCloseTo(nsFree!.pressure, 9);
    expect(ewBlocked!.pressure).toBeLessThan(0);
    expect(nsBlocked!.pressure).toBeCloseTo(nsFree!.pressure, 9);
    const sut = maxPressure(junction, blocked, contextOf(junction));
    expect(greenOf(sut.timing.splits, 4)).toBeGreaterThan(greenOf(sut.timing.splits, 2));
  });
});
