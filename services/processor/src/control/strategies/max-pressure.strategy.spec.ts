import { planChangeViolations, timingViolations } from '@arterial/contracts/network';
import { greenOf } from './green-allocation';
import { maxPressure, phasePressures } from './max-pressure.strategy';
import { contextOf, demandOf, twoPhaseJunction } from './strategy-fixtures.spec-helper';

describe('maxPressure', () => {
  it('gives the pressured phase more green within the running cycle, by a bounded step', () => {
    const junction = twoPhaseJunction('J', { cycleS: 80 });
    const demand = demandOf(junction, { E: 600, W: 600, N: 300, S: 300 }, { E: 12, W: 10, N: 3, S: 2 });
    const context = contextOf(junction, undefined, { changeLimits: { maxCycleStepS: 10, maxGreenStepS: 10 } });
    const sut = maxPressure(junction, demand, context);
    expect(sut.timing.cycleS).toBe(80);
    expect(greenOf(sut.timing.splits, 2)).toBe(45);
    expect(greenOf(sut.timing.splits, 4)).toBe(25);
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
