import { timingViolations, type PlanTiming } from '@arterial/contracts/network';
import { DEFAULT_PASSAGE_S, describeActuation, FREE, FREE_MAX_GREEN_FACTOR, PASSAGE_BOUNDS_S, passageOfApproachS, phasePassageS, withActuation } from './actuation';
import { twoPhaseJunction } from './strategy-fixtures.spec-helper';

describe('actuation', () => {
  describe(passageOfApproachS.name, () => {
    it('is the maximum allowable headway less the loop occupancy time, at least the travel from loop to stop line', () => {
      // 50 km/h, loop 3 m from the stop line: 3 − 6.5 / 13.9 = 2.53 s → 2.5 s.
      expect(passageOfApproachS({ setbackM: 3, speedKph: 50 })).toBe(2.5);
      // Slower traffic occupies the loop longer: 3 − 6.5 / 8.3 = 2.2 s.
      expect(passageOfApproachS({ setbackM: 3, speedKph: 30 })).toBe(2);
      // Only an advance loop 40 m upstream: the last vehicle needs 40 / 13.9 = 2.9 s to reach the stop line.
      expect(passageOfApproachS({ setbackM: 40, speedKph: 50 })).toBe(3);
      // Far setbacks stay within the bounds.
      expect(passageOfApproachS({ setbackM: 200, speedKph: 50 })).toBe(PASSAGE_BOUNDS_S.maxS);
    });

    it('gives each phase the longest passage of the approaches it serves, the default where none is known', () => {
      const junction = twoPhaseJunction('J');
      const sut = phasePassageS(junction, new Map([['J-E', { setbackM: 3, speedKph: 50 }], ['J-W', { setbackM: 40, speedKph: 50 }]]));
      expect(sut).toEqual(new Map([[2, 3], [4, DEFAULT_PASSAGE_S]]));
    });
  });

  describe(withActuation.name, () => {
    const junction = twoPhaseJunction('J', { minGreenS: 10, maxGreenS: 60 });
    const timing: PlanTiming = { cycleS: 60, offsetS: 7, splits: [{ phase: 2, greenS: 32 }, { phase: 4, greenS: 18 }] };
    const passage = new Map([[2, 2.5], [4, 3]]);

    it('free: every phase gaps out after its effective minimum and may extend to 1.5 × its split within its maximum', () => {
      const sut = withActuation(junction, timing, FREE, passage);
      expect(sut.coordinatedPhase).toBeUndefined();
      expect(sut.splits).toEqual([
        { phase: 2, greenS: 32, actuation: { minGreenS: 10, maxGreenS: Math.min(60, Math.ceil(FREE_MAX_GREEN_FACTOR * 32)), passageS: 2.5 } },
        { phase: 4, greenS: 18, actuation: { minGreenS: 10, maxGreenS: Math.ceil(FREE_MAX_GREEN_FACTOR * 18), passageS: 3 } },
      ]);
      expect(timingViolations(junction, sut)).toEqual([]);
    });

    it('free: a phase bounded by presence loops may run to the phase maximum; coordinated plans still force it off', () => {
      const sut = withActuation(junction, timing, FREE, passage, new Set([4]));
      expect(sut.splits.map((s) => s.actuation?.maxGreenS)).toEqual([Math.ceil(FREE_MAX_GREEN_FACTOR * 32), 60]);
      expect(timingViolations(junction, sut)).toEqual([]);
      const coordinated = withActuation(junction, timing, { kind: 'coordinated', phase: 2 }, passage, new Set([4]));
      expect(coordinated.splits[1]!.actuation?.maxGreenS).toBe(18);
    });

    it('lets a presence-bounded phase be skipped without a call, never the first of the sequence, the coordinated one or a pedestrian phase', () => {
      const skips = (t: PlanTiming) => t.splits.map((s) => s.actuation?.skipWithoutCall ?? false);
      expect(skips(withActuation(junction, timing, FREE, passage, new Set([2, 4])))).toEqual([false, true]);
      expect(skips(withActuation(junction, timing, FREE, passage))).toEqual([false, false]);
      expect(skips(withActuation(junction, timing, { kind: 'coordinated', phase: 4 }, passage, new Set([2, 4])))).toEqual([false, false]);
      const withPedestrians = { ...junction, phases: junction.phases.map((p) => (p.id === 4 ? { ...p, pedestrian: { walkS: 7, clearanceS: 3 } } : p)) };
      expect(skips(withActuation(withPedestrians, timing, FREE, passage, new Set([2, 4])))).toEqual([false, false]);
      expect(timingViolations(junction, withActuation(junction, timing, FREE, passage, new Set([2, 4])))).toEqual([]);
    });

    it('says in the explanation which phases may be skipped', () => {
      expect(describeActuation(FREE, withActuation(junction, timing, FREE, passage, new Set([2, 4])))).toBe('free actuated (gap-out, cycle floats); phase 4 skipped in a cycle nobody calls it');
      expect(describeActuation(FREE, withActuation(junction, timing, FREE, passage))).toBe('free actuated (gap-out, cycle floats)');
    });

    it('coordinated: the coordinated phase keeps its yield point, the others are forced off at their split end', () => {
      const sut = withActuation(junction, timing, { kind: 'coordinated', phase: 2 }, passage);
      expect(sut).toEqual({
        cycleS: 60,
        offsetS: 7,
        coordinatedPhase: 2,
        splits: [
          { phase: 2, greenS: 32 },
          { phase: 4, greenS: 18, actuation: { minGreenS: 10, maxGreenS: 18, passageS: 3 } },
        ],
      });
      expect(timingViolations(junction, sut)).toEqual([]);
    });

    it('includes the pedestrian interval in the minimum and never exceeds the phase maximum', () => {
      const withWalk = { ...junction, phases: junction.phases.map((p) => (p.id === 4 ? { ...p, pedestrian: { walkS: 7, clearanceS: 8.5 } } : p)) };
      const sut = withActuation(withWalk, { ...timing, splits: [{ phase: 2, greenS: 50 }, { phase: 4, greenS: 16 }], cycleS: 76 }, FREE);
      expect(sut.splits[0]!.actuation).toMatchObject({ maxGreenS: 60, passageS: DEFAULT_PASSAGE_S });
      expect(sut.splits[1]!.actuation).toMatchObject({ minGreenS: 15.5 });
      expect(timingViolations(withWalk, sut)).toEqual([]);
    });

    it('switches a coordinated timing back to free without keeping its coordinated phase', () => {
      const coordinated = withActuation(junction, timing, { kind: 'coordinated', phase: 4 });
      const sut = withActuation(junction, coordinated, FREE);
      expect(sut.coordinatedPhase).toBeUndefined();
      expect(sut.splits.every((s) => s.actuation !== undefined)).toBe(true);
    });
  });
});
