import type { PlanTiming } from '@arterial/contracts/network';
import { changesMaterially, isFreeActuated, MAX_GREEN_RELATIVE_DEADBAND, PLAN_CHANGE_DEADBAND_S } from './plan-change';

const fixed: PlanTiming = { cycleS: 60, offsetS: 10, splits: [{ phase: 1, greenS: 30 }, { phase: 2, greenS: 20 }] };
const act = (minGreenS: number, maxGreenS: number, passageS = 2.5) => ({ minGreenS, maxGreenS, passageS });
const free: PlanTiming = { cycleS: 60, offsetS: 0, splits: [{ phase: 1, greenS: 30, actuation: act(5, 45) }, { phase: 2, greenS: 20, actuation: act(5, 30) }] };
const coordinated: PlanTiming = { cycleS: 60, offsetS: 10, coordinatedPhase: 1, splits: [{ phase: 1, greenS: 30 }, { phase: 2, greenS: 20, actuation: act(5, 20) }] };

describe(changesMaterially.name, () => {
  it('knows free actuated plans: no coordinated phase, every phase actuated', () => {
    expect([fixed, free, coordinated].map(isFreeActuated)).toEqual([false, true, false]);
  });

  it('fixed-time and coordinated plans change with their cycle, offset, or a green moved by the deadband', () => {
    for (const plan of [fixed, coordinated]) {
      expect(changesMaterially(plan, plan)).toBe(false);
      expect(changesMaterially(plan, { ...plan, cycleS: 61, splits: [{ ...plan.splits[0]!, greenS: 31 }, plan.splits[1]!] })).toBe(true);
      expect(changesMaterially(plan, { ...plan, offsetS: 11 })).toBe(true);
      const moved = (by: number): PlanTiming => ({ ...plan, splits: [{ ...plan.splits[0]!, greenS: 30 + by }, { ...plan.splits[1]!, greenS: 20 - by }] });
      expect(changesMaterially(plan, moved(1))).toBe(false);
      expect(changesMaterially(plan, moved(PLAN_CHANGE_DEADBAND_S))).toBe(true);
    }
    expect(changesMaterially(coordinated, { ...coordinated, coordinatedPhase: 2 })).toBe(true);
  });

  it('free actuated plans change only with their actuation: the cycle floats and greens only seed the transition', () => {
    const shifted: PlanTiming = { ...free, cycleS: 64, offsetS: 5, splits: [{ ...free.splits[0]!, greenS: 33, actuation: act(5, 46) }, { ...free.splits[1]!, greenS: 21 }] };
    expect(changesMaterially(free, shifted)).toBe(false);
    // A maximum moves materially by the larger of the deadband and a share of itself: 20 % of 45 s = 9 s.
    const maxMovedBy = (by: number): PlanTiming => ({ ...free, splits: [{ ...free.splits[0]!, actuation: act(5, 45 + by) }, free.splits[1]!] });
    expect(MAX_GREEN_RELATIVE_DEADBAND * 45).toBe(9);
    expect(changesMaterially(free, maxMovedBy(8))).toBe(false);
    expect(changesMaterially(free, maxMovedBy(-9))).toBe(true);
    const short: PlanTiming = { ...free, splits: [free.splits[0]!, { ...free.splits[1]!, actuation: act(5, 8) }] };
    expect(changesMaterially(short, { ...short, splits: [free.splits[0]!, { ...free.splits[1]!, actuation: act(5, 8 + PLAN_CHANGE_DEADBAND_S) }] })).toBe(true);
    expect(changesMaterially(free, { ...free, splits: [{ ...free.splits[0]!, actuation: act(5, 45, 3) }, free.splits[1]!] })).toBe(true);
  });

  it('a change of mode always counts', () => {
    expect(changesMaterially(fixed, free)).toBe(true);
    expect(changesMaterially(free, coordinated)).toBe(true);
    expect(changesMaterially(coordinated, fixed)).toBe(true);
  });
});
