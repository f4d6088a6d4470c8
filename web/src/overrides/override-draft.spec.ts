import type { JunctionLimits } from '@arterial/contracts/network';
import { draftProblems, forcedCycleS, forcedPlanViolations, overrideRequest, type OverrideDraft } from './override-draft';

const junction: JunctionLimits = {
  phases: [
    { id: 1, name: 'EW', movements: [], minGreenS: 10, maxGreenS: 60, yellowS: 3, allRedS: 2 },
    { id: 2, name: 'NS', movements: [], minGreenS: 8, maxGreenS: 45, yellowS: 3, allRedS: 2 },
  ],
  sequence: [1, 2],
};
const NOW = 1_800_000_000_000;
const draft = (overrides: Partial<OverrideDraft>): OverrideDraft => ({ action: 'hold-phase', reason: 'crash on the east arm', durationS: 60, phase: 1, greens: { 1: 50, 2: 30 }, offsetS: 0, ...overrides });

describe('override drafts', () => {
  it('requires a reason and a duration within the action limit (holds at most 300 s)', () => {
    expect(draftProblems(junction, draft({}), NOW)).toEqual([]);
    expect(draftProblems(junction, draft({ reason: '   ' }), NOW)).toEqual(['reason-required']);
    expect(draftProblems(junction, draft({ durationS: 301 }), NOW)).toEqual(['duration-out-of-range']);
    expect(draftProblems(junction, draft({ action: 'flash', durationS: 301 }), NOW)).toEqual([]);
    expect(draftProblems(junction, draft({ phase: 7 }), NOW)).toEqual(['phase-required']);
    expect(draftProblems(junction, draft({ action: 'resume-adaptive', durationS: 0 }), NOW)).toEqual([]);
  });

  it('checks a forced plan with the contract safety rules before sending', () => {
    expect(forcedCycleS(junction, { 1: 50, 2: 30 })).toBe(90);
    expect(forcedPlanViolations(junction, draft({ action: 'force-plan' }), NOW)).toEqual([]);
    const tooShort = forcedPlanViolations(junction, draft({ action: 'force-plan', greens: { 1: 4, 2: 30 } }), NOW);
    expect(tooShort.map((v) => v.rule)).toContain('green-below-minimum');
    expect(draftProblems(junction, draft({ action: 'force-plan', greens: { 1: 4, 2: 30 } }), NOW)).toEqual(['unsafe-plan']);
  });

  it('builds the request each action needs and nothing more', () => {
    expect(overrideRequest(junction, draft({ reason: ' crash ' }))).toEqual({ action: 'hold-phase', phase: 1, durationS: 60, reason: 'crash' });
    expect(overrideRequest(junction, draft({ action: 'resume-adaptive' }))).toEqual({ action: 'resume-adaptive', reason: 'crash on the east arm' });
    expect(overrideRequest(junction, draft({ action: 'force-plan', offsetS: 95 }))).toEqual({
      action: 'force-plan',
      durationS: 60,
      reason: 'crash on the east arm',
      plan: { cycleS: 90, offsetS: 5, splits: [{ phase: 1, greenS: 50 }, { phase: 2, greenS: 30 }], reason: 'crash on the east arm' },
    });
  });
});
