import type { PhaseDefinition } from '@arterial/contracts/network';
import { activePhase, cursorSecond, cycleIntervals, runningPlanTiming } from './cycle-timeline';

const phase = (id: number, yellowS = 3, allRedS = 2): PhaseDefinition => ({ id, name: `P${id}`, movements: [], minGreenS: 5, maxGreenS: 60, yellowS, allRedS });

describe('cycle timeline', () => {
  it('lays the sequence out from second 0, green then yellow then all-red, skipping empty intervals', () => {
    const sut = cycleIntervals([phase(1), phase(2, 4, 0)], [1, 2], [
      { phase: 1, greenS: 50 },
      { phase: 2, greenS: 31 },
    ]);
    expect(sut).toEqual([
      { phase: 1, kind: 'green', startS: 0, endS: 50 },
      { phase: 1, kind: 'yellow', startS: 50, endS: 53 },
      { phase: 1, kind: 'all-red', startS: 53, endS: 55 },
      { phase: 2, kind: 'green', startS: 55, endS: 86 },
      { phase: 2, kind: 'yellow', startS: 86, endS: 90 },
    ]);
  });

  it('takes the timing from the dispatched plan the controller runs, else its time-of-day plan, else none', () => {
    const fallback = { planId: 'FB-1', cycleS: 90, offsetS: 0, splits: [{ phase: 1, greenS: 40 }] };
    const sent = { intersectionId: 'I1', plan: { planId: 'AD-1', issuedAt: 0, expiresAt: 1, cycleS: 60, offsetS: 5, splits: [{ phase: 1, greenS: 20 }], reason: 'r' }, status: 'accepted' as const, sentAt: 0, ackedAt: 1, ackReason: null };
    expect(runningPlanTiming({ planId: 'AD-1' }, [sent], fallback)).toMatchObject({ cycleS: 60, source: 'centre' });
    expect(runningPlanTiming({ planId: 'FB-1' }, [sent], fallback)).toMatchObject({ cycleS: 90, source: 'time-of-day', dispatched: null });
    expect(runningPlanTiming({ planId: 'X' }, [sent], fallback)).toBeNull();
    expect(runningPlanTiming(null, [sent], fallback)).toBeNull();
  });

  it('counts the running phase down between reports and never below zero', () => {
    const live = { phases: [{ id: 1, state: 'green' as const, remainingS: 10 }, { id: 2, state: 'red' as const, remainingS: 15 }] };
    expect(activePhase(live, 3)).toEqual({ phase: 1, state: 'green', remainingS: 7 });
    expect(activePhase(live, 30)?.remainingS).toBe(0);
    // All red: the phase that goes green first is the one to watch.
    expect(activePhase({ phases: [{ id: 1, state: 'red', remainingS: 40 }, { id: 2, state: 'red', remainingS: 1 }] }, 0)?.phase).toBe(2);
    expect(activePhase({ phases: [] }, 0)).toBeNull();
  });

  it('wraps the cursor into the cycle', () => {
    expect(cursorSecond(88, 90, 5)).toBe(3);
    expect(cursorSecond(10, 0, 5)).toBe(0);
  });
});
